// Builds nothing itself: scripts/tsclient.sh check compiles ts-client into
// $SESSION_CLIENT and runs this against it (NODE_PATH = the pinned node_modules).
// Checks, without a chain, that the package lists every Msg of proto/, that
// the CosmJS registry round-trips them, and the amino converters' encoding
// rules (the devnet test tests/e2e/cosmjs_test.go signs them for real).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const assert = require('node:assert/strict');
const { test } = require('node:test');

const client = require(path.join(process.env.SESSION_CLIENT, 'dist', 'index.js'));
const root = path.join(__dirname, '..', '..');

test('every Msg service method of proto/ is in the registry and has an amino name', () => {
  const want = [];
  for (const mod of fs.readdirSync(path.join(root, 'proto', 'sessionchain'))) {
    const src = fs.readFileSync(path.join(root, 'proto', 'sessionchain', mod, 'v1', 'tx.proto'), 'utf8');
    for (const m of src.matchAll(/^\s*rpc\s+\w+\s*\(\s*(\w+)\s*\)/gm)) want.push(`sessionchain.${mod}.v1.${m[1]}`);
  }
  const got = client.sessionMsgTypes().map((m) => m.name);
  assert.deepEqual([...got].sort(), [...want].sort());
  const registry = client.sessionRegistry();
  for (const m of client.sessionMsgTypes()) {
    assert.ok(registry.lookupType(m.typeUrl), m.typeUrl);
    assert.match(m.aminoType, /^(bridge|names|nodestaking|pro|rewardpool)\/Msg\w+$/);
    assert.ok(m.aminoType.length <= 39, `${m.aminoType}: amino names are at most 39 characters`);
  }
});

test('the registry encodes and decodes a MsgContribute', () => {
  const registry = client.sessionRegistry();
  const value = { contributor: 'session1xyz', pubkey: new Uint8Array(32).fill(7), amount: { denom: 'nsesh', amount: '5000000000000' }, beneficiary: 'session1ben', maxFeeBps: 1500 };
  const bytes = registry.encode({ typeUrl: '/sessionchain.nodestaking.v1.MsgContribute', value });
  const back = registry.decode({ typeUrl: '/sessionchain.nodestaking.v1.MsgContribute', value: bytes });
  assert.deepEqual(back, value);
});

test('amino: Dec, 64-bit integers, bytes, empty fields and dont_omitempty', () => {
  const conv = client.sessionAminoConverters();
  const price = conv['/sessionchain.pro.v1.MsgSubmitPrice'];
  assert.equal(price.aminoType, 'pro/MsgSubmitPrice');
  // source_time is a non-nullable timestamp: left empty, the chain signs Go's zero time (checked against the app's sign bytes).
  assert.deepEqual(price.toAmino({ feeder: 'session1a', price: '50000000000000000' }),
    { feeder: 'session1a', price: '0.050000000000000000', source_time: '0001-01-01T00:00:00Z' });
  assert.deepEqual(price.fromAmino({ feeder: 'session1a', price: '0.050000000000000000' }),
    client.pro.MsgSubmitPrice.fromPartial({ feeder: 'session1a', price: '50000000000000000' }));

  const claim = conv['/sessionchain.nodestaking.v1.MsgClaimRewards'];
  assert.deepEqual(claim.toAmino({ claimant: 'session1a' }), { claimant: 'session1a' });
  assert.deepEqual(claim.toAmino({ claimant: 'session1a', recipient: 'session1b' }), { claimant: 'session1a', recipient: 'session1b' });
  const setBeneficiary = conv['/sessionchain.nodestaking.v1.MsgSetBeneficiary'];
  assert.equal(setBeneficiary.aminoType, 'nodestaking/MsgSetBeneficiary');

  const reg = conv['/sessionchain.nodestaking.v1.MsgRegisterNode'];
  const msg = client.nodestaking.MsgRegisterNode.fromPartial({
    operator: 'session1a', pubkey: new Uint8Array([1, 2, 3]), signature: new Uint8Array([4]), feeBps: 500,
    stake: { denom: 'nsesh', amount: '100' },
  });
  const amino = reg.toAmino(msg);
  assert.equal(amino.pubkey, 'AQID');
  assert.deepEqual(amino.reserved, [], 'reserved is dont_omitempty: [] not omitted');
  assert.deepEqual(amino.stake, { amount: '100', denom: 'nsesh' });
  assert.deepEqual(reg.fromAmino(amino), msg);

  const sign = conv['/sessionchain.bridge.v1.MsgSignBatch'];
  assert.deepEqual(sign.toAmino({ signer: 'v', nonce: 18446744073709551615n, signature: new Uint8Array() }), { nonce: '18446744073709551615', signer: 'v' });
  assert.deepEqual(sign.toAmino({ signer: 'v', nonce: 0n, signature: new Uint8Array() }), { signer: 'v' }, 'zero and empty bytes are omitted');
});

test('amino: timestamps as Go writes them (RFC 3339, fraction without trailing zeros)', () => {
  const conv = client.sessionAminoConverters()['/sessionchain.pro.v1.MsgRegisterIssuerKey'];
  const amino = conv.toAmino({ authority: 'a', pubkey: 'p', notBefore: new Date('2026-01-02T03:04:05Z'), notAfter: new Date('2030-01-02T03:04:05.250Z'), description: '' });
  assert.deepEqual(amino, { authority: 'a', not_after: '2030-01-02T03:04:05.25Z', not_before: '2026-01-02T03:04:05Z', pubkey: 'p' });
  assert.equal(conv.fromAmino(amino).notAfter.toISOString(), '2030-01-02T03:04:05.250Z');
});

// The chain signs a Msg as gogoproto re-encodes it, which writes every
// non-nullable message or customtype field: the expected values are the
// chain's own sign bytes (the app's TxConfig, LEGACY_AMINO_JSON) for these Msgs.
test('amino: non-nullable fields left empty are signed as the chain re-encodes them', () => {
  const conv = client.sessionAminoConverters();
  const out = conv['/sessionchain.bridge.v1.MsgBridgeOut'].toAmino(client.bridge.MsgBridgeOut.fromPartial({
    sender: 's', evmRecipient: '0x11', amount: { denom: 'nsesh', amount: '5000000000' },
  }));
  assert.equal(JSON.stringify(out), '{"amount":{"amount":"5000000000","denom":"nsesh"},"evm_recipient":"0x11","fee":{"amount":"0"},"sender":"s"}');
  const ev = conv['/sessionchain.bridge.v1.MsgSubmitBadSignatureEvidence'].toAmino(client.bridge.MsgSubmitBadSignatureEvidence.fromPartial({
    submitter: 's', item: { kind: 1, nonce: 1n, deadline: 1n, transfers: [{ id: 1n, recipient: '0x11', amount: '1', fee: '0' }] }, signature: new Uint8Array([7]),
  }));
  assert.equal(JSON.stringify(ev), '{"item":{"cap_limit":"0","deadline":"1","kind":1,"nonce":"1","transfers":[{"amount":"1","fee":"0","id":"1","recipient":"0x11"}]},"signature":"Bw==","submitter":"s"}');
});

test('Dec conversion', () => {
  assert.equal(client.decFromProto('1'), '0.000000000000000001');
  assert.equal(client.decFromProto('1500000000000000000'), '1.500000000000000000');
  assert.equal(client.decToProto('0.05'), '50000000000000000');
  assert.equal(client.decToProto('0'), '0');
  assert.throws(() => client.decToProto('1e5'));
});
