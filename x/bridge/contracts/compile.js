#!/usr/bin/env node
// Compiles the bridge contracts with solc-js through its standard-JSON
// interface and writes build/<Name>.abi and build/<Name>.bin next to this file.
//
//   node compile.js <node_modules dir> [output dir]
//
// <node_modules dir> holds the pinned solc and @openzeppelin/contracts
// (scripts/contracts.sh installs them into build/npm/node_modules of the
// repository). Source unit names are relative ("SessionBridge.sol",
// "@openzeppelin/contracts/..."), the metadata hash is left out of the
// bytecode, and the inputs are fixed, so the output is the same on every
// machine and in every checkout location.
"use strict";

const fs = require("fs");
const path = require("path");

const SOLC_VERSION = "0.8.37";
const CONTRACTS = [
  { file: "SessionBridge.sol", name: "SessionBridge" },
  { file: "TestSESH.sol", name: "TestSESH" },
  { file: "TestFeeToken.sol", name: "TestFeeToken" },
  // Release 1's contract, verbatim from git history (commit 449d04a), for
  // the tests of the sweep of a retired release-1 deployment.
  { file: "release1/SessionBridge.sol", name: "SessionBridge", out: "SessionBridgeRelease1" },
];

function fail(msg) {
  process.stderr.write(`compile.js: ${msg}\n`);
  process.exit(1);
}

const [nodeModulesArg, outArg] = process.argv.slice(2);
if (!nodeModulesArg) {
  fail("usage: node compile.js <node_modules dir> [output dir]");
}
const nodeModules = path.resolve(nodeModulesArg);
const srcDir = __dirname;
const outDir = path.resolve(outArg || path.join(srcDir, "build"));

const solc = require(path.join(nodeModules, "solc"));
const version = solc.version();
if (!version.startsWith(SOLC_VERSION + "+")) {
  fail(`solc ${version} found in ${nodeModules}, want ${SOLC_VERSION}`);
}

const sources = {};
const outputSelection = {};
for (const c of CONTRACTS) {
  sources[c.file] = { content: fs.readFileSync(path.join(srcDir, c.file), "utf8") };
  outputSelection[c.file] = { [c.name]: ["abi", "evm.bytecode.object"] };
}

const input = {
  language: "Solidity",
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    metadata: { bytecodeHash: "none" },
    outputSelection,
  },
};

// Resolves imports such as "@openzeppelin/contracts/..." inside node_modules only.
function findImport(importPath) {
  const normalized = path.posix.normalize(importPath);
  if (normalized.startsWith("..") || path.isAbsolute(normalized)) {
    return { error: `import ${importPath} is outside node_modules` };
  }
  try {
    return { contents: fs.readFileSync(path.join(nodeModules, normalized), "utf8") };
  } catch (err) {
    return { error: `import ${importPath}: ${err.message}` };
  }
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));

let failed = false;
for (const e of output.errors || []) {
  process.stderr.write((e.formattedMessage || e.message) + "\n");
  if (e.severity === "error") {
    failed = true;
  }
}
if (failed) {
  fail("compilation failed");
}

fs.mkdirSync(outDir, { recursive: true });
for (const c of CONTRACTS) {
  const compiled = output.contracts && output.contracts[c.file] && output.contracts[c.file][c.name];
  if (!compiled || !compiled.evm.bytecode.object) {
    fail(`no output for ${c.name}`);
  }
  const out = c.out || c.name;
  fs.writeFileSync(path.join(outDir, `${out}.abi`), JSON.stringify(compiled.abi, null, 2) + "\n");
  fs.writeFileSync(path.join(outDir, `${out}.bin`), compiled.evm.bytecode.object + "\n");
  process.stderr.write(`compiled ${out} (${compiled.evm.bytecode.object.length / 2} bytes of init code)\n`);
}
