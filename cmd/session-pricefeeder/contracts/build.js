#!/usr/bin/env node
// Builds the contracts of the price feeder's end-to-end tests into
// build/<Name>.abi and build/<Name>.bin next to this file:
//   - UniswapV3Factory (bytecode) and UniswapV3Pool (ABI) exactly as
//     @uniswap/v3-core publishes them in its npm package (compiled by
//     Uniswap with solc 0.7.6; the factory deploys the pools);
//   - TestUSDC and UniswapV3Driver, compiled here with solc-js.
//
//   node build.js <node_modules dir> [output dir]
//
// The inputs are pinned (package-lock.json) and the metadata hash is left
// out of the bytecode, so the output is the same on every machine.
"use strict";

const fs = require("fs");
const path = require("path");

const SOLC_VERSION = "0.8.37";
const V3_CORE_VERSION = "1.0.1";
const COMPILED = [
  { file: "TestUSDC.sol", name: "TestUSDC" },
  { file: "UniswapV3Driver.sol", name: "UniswapV3Driver" },
];

function fail(msg) {
  process.stderr.write(`build.js: ${msg}\n`);
  process.exit(1);
}

const [nodeModulesArg, outArg] = process.argv.slice(2);
if (!nodeModulesArg) {
  fail("usage: node build.js <node_modules dir> [output dir]");
}
const nodeModules = path.resolve(nodeModulesArg);
const srcDir = __dirname;
const outDir = path.resolve(outArg || path.join(srcDir, "build"));
fs.mkdirSync(outDir, { recursive: true });

function write(name, abi, bin) {
  fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(abi, null, 2) + "\n");
  if (bin !== undefined) {
    fs.writeFileSync(path.join(outDir, `${name}.bin`), bin.replace(/^0x/, "") + "\n");
  }
}

// v3-core's published artifacts.
const core = path.join(nodeModules, "@uniswap", "v3-core");
const coreVersion = JSON.parse(fs.readFileSync(path.join(core, "package.json"), "utf8")).version;
if (coreVersion !== V3_CORE_VERSION) {
  fail(`@uniswap/v3-core ${coreVersion} found in ${nodeModules}, want ${V3_CORE_VERSION}`);
}
const artifact = (name) =>
  JSON.parse(fs.readFileSync(path.join(core, "artifacts", "contracts", `${name}.sol`, `${name}.json`), "utf8"));
const factory = artifact("UniswapV3Factory");
write("UniswapV3Factory", factory.abi, factory.bytecode);
write("UniswapV3Pool", artifact("UniswapV3Pool").abi);
process.stderr.write(`copied UniswapV3Factory (${(factory.bytecode.length - 2) / 2} bytes of init code) and UniswapV3Pool's ABI from @uniswap/v3-core ${coreVersion}\n`);

// The test helpers.
const solc = require(path.join(nodeModules, "solc"));
if (!solc.version().startsWith(SOLC_VERSION + "+")) {
  fail(`solc ${solc.version()} found in ${nodeModules}, want ${SOLC_VERSION}`);
}
const sources = {};
const outputSelection = {};
for (const c of COMPILED) {
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
for (const c of COMPILED) {
  const compiled = output.contracts && output.contracts[c.file] && output.contracts[c.file][c.name];
  if (!compiled || !compiled.evm.bytecode.object) {
    fail(`no output for ${c.name}`);
  }
  write(c.name, compiled.abi, compiled.evm.bytecode.object);
  process.stderr.write(`compiled ${c.name} (${compiled.evm.bytecode.object.length / 2} bytes of init code)\n`);
}
