// Validates the generated wallet and explorer files (see ../README.md):
//   node validate.cjs <chain-registry dir>     (NODE_PATH = the pinned node_modules)
// chain.json and assetlist.json against the chain registry's JSON schemas
// (formats such as uri checked too); the Keplr chain info and the ping.pub config against the fields those clients
// need, and all four against each other (one source of truth).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const dir = process.argv[2];
const read = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));

const ajv = new Ajv({ allErrors: true, strict: false });
// The registry's schemas name draft-07 by its https address; ajv ships it
// under http.
const draft07 = require('ajv/dist/refs/json-schema-draft-07.json');
ajv.addMetaSchema({ ...draft07, $id: 'https://json-schema.org/draft-07/schema' });
addFormats(ajv);
const chainSchema = ajv.compile(read('chain.schema.json'));
const assetSchema = ajv.compile(read('assetlist.schema.json'));

const failures = [];
function check(name, fn) {
  try {
    fn();
    console.log(`ok   ${name}`);
  } catch (err) {
    failures.push(name);
    console.log(`FAIL ${name}\n     ${err.message.split('\n').join('\n     ')}`);
  }
}
function valid(validate, doc) {
  if (!validate(doc)) {
    throw new Error(ajv.errorsText(validate.errors, { separator: '\n' }));
  }
}

const chain = read('sessionchain/chain.json');
const assets = read('sessionchain/assetlist.json');
const keplr = read('sessionchain/keplr-chain-info.json');
const pingpub = read('sessionchain/ping.pub.json');
const sesh = assets.assets[0];

check('chain.json matches chain.schema.json', () => valid(chainSchema, chain));
check('assetlist.json matches assetlist.schema.json', () => valid(assetSchema, assets));
check('the schemas reject a chain.json without bech32_prefix', () => {
  const bad = { ...chain };
  delete bad.bech32_prefix;
  assert.equal(chainSchema(bad), false);
});
check('SESH: nsesh exponent 0, SESH exponent 9, display SESH', () => {
  assert.equal(sesh.base, 'nsesh');
  assert.equal(sesh.display, 'SESH');
  assert.deepEqual(sesh.denom_units.map((u) => [u.denom, u.exponent]), [['nsesh', 0], ['SESH', 9]]);
});
check('SESH has a bridge trace to the ERC-20', () => {
  const t = sesh.traces.find((x) => x.type === 'bridge');
  assert.ok(t, 'no bridge trace');
  assert.match(t.counterparty.base_denom, /^0x[0-9a-fA-F]{40}$/);
  assert.ok(t.counterparty.chain_name);
});
check('chain.json fees and staking use the asset list base denom', () => {
  assert.equal(chain.fees.fee_tokens[0].denom, sesh.base);
  assert.equal(chain.staking.staking_tokens[0].denom, sesh.base);
});
check('Keplr chain info: required fields and the same chain', () => {
  for (const k of ['chainId', 'chainName', 'rpc', 'rest', 'bip44', 'bech32Config', 'currencies', 'feeCurrencies', 'stakeCurrency']) {
    assert.ok(keplr[k] !== undefined, `missing ${k}`);
  }
  assert.equal(keplr.chainId, chain.chain_id);
  assert.equal(keplr.rpc, chain.apis.rpc[0].address);
  assert.equal(keplr.rest, chain.apis.rest[0].address);
  assert.equal(keplr.bip44.coinType, chain.slip44);
  assert.equal(keplr.bech32Config.bech32PrefixAccAddr, chain.bech32_prefix);
  assert.equal(keplr.bech32Config.bech32PrefixValAddr, `${chain.bech32_prefix}valoper`);
  const cur = keplr.stakeCurrency;
  assert.deepEqual([cur.coinDenom, cur.coinMinimalDenom, cur.coinDecimals], [sesh.symbol, sesh.base, 9]);
  const step = keplr.feeCurrencies[0].gasPriceStep;
  assert.deepEqual([step.low, step.average, step.high], [
    chain.fees.fee_tokens[0].low_gas_price, chain.fees.fee_tokens[0].average_gas_price, chain.fees.fee_tokens[0].high_gas_price]);
});
check('ping.pub config: required fields and the same chain', () => {
  for (const k of ['chain_name', 'api', 'rpc', 'sdk_version', 'coin_type', 'min_tx_fee', 'addr_prefix', 'assets']) {
    assert.ok(pingpub[k] !== undefined, `missing ${k}`);
  }
  assert.equal(pingpub.chain_name, chain.chain_name);
  assert.equal(pingpub.addr_prefix, chain.bech32_prefix);
  assert.equal(pingpub.sdk_version, chain.codebase.sdk.version);
  assert.equal(pingpub.coin_type, String(chain.slip44));
  assert.deepEqual(pingpub.assets.map((a) => [a.base, a.symbol, a.exponent]), [[sesh.base, sesh.symbol, '9']]);
});

if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
