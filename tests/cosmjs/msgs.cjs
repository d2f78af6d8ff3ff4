// Signs and broadcasts every Msg of the custom modules with CosmJS, once in
// SIGN_MODE_DIRECT and once in SIGN_MODE_LEGACY_AMINO_JSON, against a running
// devnet, and writes what the chain answered to $REPORT as JSON. Run by
// tests/e2e/cosmjs_test.go, which starts the devnet, judges every row and
// checks the state the transactions changed.
//
// Environment: RPC_URL, CHAIN_ID, KEYS (JSON: account name -> hex secp256k1
// private key), NODE_KEYS (JSON: operator name -> hex Ed25519 seed of its
// devnet node), SESSION_CLIENT (compiled ts-client), REPORT (output file);
// NODE_PATH the pinned node_modules.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { DirectSecp256k1Wallet } = require('@cosmjs/proto-signing');
const { Secp256k1Wallet } = require('@cosmjs/amino');
const { SigningStargateClient, AminoTypes, createDefaultAminoConverters, QueryClient, createProtobufRpcClient } = require('@cosmjs/stargate');
const { connectComet, Comet38Client } = require('@cosmjs/tendermint-rpc');

const client = require(path.join(process.env.SESSION_CLIENT, 'dist', 'index.js'));
const { nodestakingTypes, nodestakingQuery, proQuery, rewardpoolQuery, bridgeQuery, namesQuery } = client;

const RPC = process.env.RPC_URL;
const CHAIN_ID = process.env.CHAIN_ID;
const KEYS = JSON.parse(process.env.KEYS);
const NODE_KEYS = JSON.parse(process.env.NODE_KEYS);
const SESH = 1_000_000_000n;
const FEE = { amount: [], gas: '600000' };

const hex = (b) => Buffer.from(b).toString('hex');
const fromHex = (h) => new Uint8Array(Buffer.from(h, 'hex'));

// Ed25519 node keys: the files hold the 32-byte seed.
function nodeKey(seedHex) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seedHex, 'hex')]);
  const priv = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(-32);
  return { pub: new Uint8Array(pub), sign: (bytes) => new Uint8Array(crypto.sign(null, Buffer.from(bytes), priv)) };
}
function newNodeKey() {
  return nodeKey(crypto.randomBytes(32).toString('hex'));
}

// What tx encoding the signing modes need.
const registry = client.sessionRegistry();
const aminoTypes = new AminoTypes({ ...createDefaultAminoConverters(), ...client.sessionAminoConverters() });

async function signers(comet) {
  const out = {};
  for (const [name, keyHex] of Object.entries(KEYS)) {
    const key = fromHex(keyHex);
    const direct = await DirectSecp256k1Wallet.fromKey(key, 'session');
    const amino = await Secp256k1Wallet.fromKey(key, 'session');
    const [{ address }] = await direct.getAccounts();
    out[name] = {
      address,
      direct: await SigningStargateClient.createWithSigner(comet, direct, { registry, aminoTypes, broadcastPollIntervalMs: 200 }),
      amino: await SigningStargateClient.createWithSigner(comet, amino, { registry, aminoTypes, broadcastPollIntervalMs: 200 }),
    };
  }
  return out;
}

// broadcast signs one Msg and returns what the chain said: a DeliverTx
// result, or the CheckTx rejection CosmJS throws.
async function broadcast(signer, mode, typeUrl, value) {
  const msg = { typeUrl, value: registry.lookupType(typeUrl).fromPartial(value) };
  try {
    const res = await signer[mode].signAndBroadcast(signer.address, [msg], FEE, `cosmjs ${mode}`);
    return { code: res.code, codespace: res.code ? (res.codespace ?? '') : '', log: res.rawLog ?? '', txhash: res.transactionHash, height: res.height, stage: 'deliver' };
  } catch (err) {
    const m = /code (\d+) \(codespace: (\w+)\)\. Log: (.*)/s.exec(err.message);
    if (!m) throw err;
    return { code: Number(m[1]), codespace: m[2], log: m[3], txhash: '', height: 0, stage: 'check' };
  }
}

async function main() {
  const report = { rows: [], comet: {} };

  // CosmJS's auto-detection against CometBFT 0.40 (which reports 0.39.0).
  const auto = await connectComet(RPC);
  const status = await auto.status();
  report.comet.nodeVersion = status.nodeInfo.version;
  report.comet.autoClient = auto.constructor.name;
  const comet = await Comet38Client.connect(RPC);

  const s = await signers(comet);
  const rpc = createProtobufRpcClient(new QueryClient(comet));
  const query = new nodestakingQuery.QueryClientImpl(rpc);
  const params = (await query.Params({})).params;
  // The params Msgs carry the chain's own, valid params: only the authority is wrong.
  const poolParams = (await new rewardpoolQuery.QueryClientImpl(rpc).Params({})).params;
  const proParams = (await new proQuery.QueryClientImpl(rpc).Params({})).params;
  const bridgeParams = (await new bridgeQuery.QueryClientImpl(rpc).Params({})).params;
  const namesParams = (await new namesQuery.QueryClientImpl(rpc).Params({})).params;
  const operatorStake = (BigInt(params.stakingRequirement) * BigInt(params.minOperatorStakeBps)) / 10000n;

  const nodes = { alice: nodeKey(NODE_KEYS.alice), bob: nodeKey(NODE_KEYS.bob), carol: nodeKey(NODE_KEYS.carol) };
  const registered = {};
  const subscriptionKey = { direct: 'a1'.repeat(32), amino: 'b2'.repeat(32) };
  const receiptKey = { direct: 'c3'.repeat(32), amino: 'd4'.repeat(32) };
  const coin = (amount) => ({ denom: 'nsesh', amount: amount.toString() });

  // Every Msg, by type URL: who signs it and how the value is made for a mode.
  // An EVM address, and a signature whose form passes the messages' checks
  // (65 bytes, v = 27) but that recovers to no key the chain knows.
  const EVM = '0x71562b71999873DB5b286dF957af199Ec94617F7';
  const evmSig = () => { const sig = new Uint8Array(65).fill(1); sig[64] = 27; return sig; };
  const rows = [
    ['/sessionchain.rewardpool.v1.MsgFundPool', 'alice', () => ({ depositor: s.alice.address, amount: coin(1000n * SESH) })],
    ['/sessionchain.rewardpool.v1.MsgUpdateParams', 'alice', () => ({ authority: s.alice.address, params: poolParams })],
    ['/sessionchain.pro.v1.MsgSubmitPrice', 'feeder1', () => ({ feeder: s.feeder1.address, price: client.decToProto('0.05'), sourceTime: new Date(Date.now() - 3000) })],
    ['/sessionchain.pro.v1.MsgSubscribe', 'carol', (mode) => ({ payer: s.carol.address, sessionPubkey: subscriptionKey[mode], planId: 1, maxAmount: coin(200_000n * SESH) })],
    ['/sessionchain.pro.v1.MsgRecordPayment', 'bob', (mode) => ({ processor: s.bob.address, receiptId: `receipt-${mode}`, sessionPubkey: receiptKey[mode], planId: 1, amount: coin(100n * SESH) })],
    ['/sessionchain.pro.v1.MsgRevokePayment', 'bob', (mode) => ({ processor: s.bob.address, receiptId: `receipt-${mode}` })],
    ['/sessionchain.pro.v1.MsgSpendProtocolLiquidity', 'alice', () => ({ authority: s.alice.address, recipient: s.alice.address, amount: coin(1n) })],
    ['/sessionchain.pro.v1.MsgUpdateParams', 'alice', () => ({ authority: s.alice.address, params: proParams })],
    // Session Pro entitlement issuers: governance's.
    ['/sessionchain.pro.v1.MsgRevokeReceipt', 'alice', (mode) => ({ authority: s.alice.address, processor: s.bob.address, receiptId: `receipt-${mode}` })],
    ['/sessionchain.pro.v1.MsgRegisterIssuerKey', 'alice', () => ({
      authority: s.alice.address, pubkey: 'e5'.repeat(32), notBefore: new Date('2026-01-02T03:04:05Z'), notAfter: new Date('2030-01-02T03:04:05.250Z'), description: 'test issuer',
    })],
    ['/sessionchain.pro.v1.MsgRetireIssuerKey', 'alice', () => ({ authority: s.alice.address, pubkey: 'e5'.repeat(32), retireAt: new Date('2031-01-01T00:00:00Z') })],
    // Session names (x/names).
    ['/sessionchain.names.v1.MsgRegisterName', 'alice', (mode) => ({ owner: s.alice.address, name: `alice-${mode}`, encryptedValue: new Uint8Array(48).fill(3), years: 1, maxAmount: coin(100_000n * SESH) })],
    ['/sessionchain.names.v1.MsgRenewName', 'alice', () => ({ payer: s.alice.address, nameHash: 'ab'.repeat(32), years: 1, maxAmount: coin(100_000n * SESH) })],
    ['/sessionchain.names.v1.MsgUpdateName', 'alice', () => ({ signer: s.alice.address, nameHash: 'ab'.repeat(32), encryptedValue: new Uint8Array(48).fill(4), removeBackupOwner: true })],
    ['/sessionchain.names.v1.MsgTransferName', 'alice', () => ({ signer: s.alice.address, nameHash: 'ab'.repeat(32), newOwner: s.bob.address, encryptedValue: new Uint8Array(48).fill(5), maxFee: coin(10n * SESH) })],
    ['/sessionchain.names.v1.MsgListName', 'alice', () => ({ seller: s.alice.address, nameHash: 'ab'.repeat(32), price: coin(50n * SESH) })],
    ['/sessionchain.names.v1.MsgCancelListing', 'alice', () => ({ seller: s.alice.address, nameHash: 'ab'.repeat(32) })],
    ['/sessionchain.names.v1.MsgBuyName', 'bob', () => ({ buyer: s.bob.address, nameHash: 'ab'.repeat(32), maxPrice: coin(60n * SESH), encryptedValue: new Uint8Array(48).fill(6) })],
    ['/sessionchain.names.v1.MsgUpdateParams', 'alice', () => ({ authority: s.alice.address, params: namesParams })],
    ['/sessionchain.nodestaking.v1.MsgRegisterNode', 'validator', (mode) => {
      const key = newNodeKey();
      registered[mode] = key;
      const reserved = [{ address: s.carol.address, amount: (5000n * SESH).toString() }];
      const signBytes = nodestakingTypes.RegistrationSignDoc.encode(nodestakingTypes.RegistrationSignDoc.fromPartial({
        domain: 'session-node-registration', chainId: CHAIN_ID, operator: s.validator.address, feeBps: 800, reserved,
      })).finish();
      return { operator: s.validator.address, pubkey: key.pub, signature: key.sign(signBytes), feeBps: 800, stake: coin(operatorStake), reserved };
    }],
    ['/sessionchain.nodestaking.v1.MsgContribute', 'bob', (mode) => ({ contributor: s.bob.address, pubkey: registered[mode].pub, amount: coin(6250n * SESH) })],
    ['/sessionchain.nodestaking.v1.MsgWithdrawContribution', 'bob', (mode) => ({ contributor: s.bob.address, pubkey: registered[mode].pub })],
    ['/sessionchain.nodestaking.v1.MsgClaimRewards', 'alice', () => ({ claimant: s.alice.address })],
    // The devnet's active nodes: alice's in direct mode, bob's in amino.
    ['/sessionchain.nodestaking.v1.MsgRequestUnlock', { direct: 'alice', amino: 'bob' }, (mode) => {
      const who = mode === 'direct' ? 'alice' : 'bob';
      return { requester: s[who].address, pubkey: nodes[who].pub };
    }],
    ['/sessionchain.nodestaking.v1.MsgUptimeProof', 'carol', async () => {
      const live = await query.Liveness({ pubkey: hex(nodes.carol.pub) });
      const seq = live.proofs + 1n;
      // The proof names the last committed block and registers an endpoint.
      const info = await comet.abciInfo();
      const blockHeight = BigInt(info.lastBlockHeight);
      const appHash = info.lastBlockAppHash;
      const endpoint = { publicIp: '203.0.113.7', storagePort: 22021, quicPort: 22020, nodeVersion: '11.0.2', storageVersion: '2.8.0' };
      const signBytes = nodestakingTypes.UptimeProofSignDoc.encode(nodestakingTypes.UptimeProofSignDoc.fromPartial({
        domain: 'session-node-uptime-proof', chainId: CHAIN_ID, pubkey: hex(nodes.carol.pub), seq, blockHeight, appHash, endpoint,
      })).finish();
      return { sender: s.carol.address, pubkey: nodes.carol.pub, seq, signature: nodes.carol.sign(signBytes), blockHeight, appHash, endpoint };
    }],
    ['/sessionchain.nodestaking.v1.MsgNodeStateVote', 'carol', () => {
      const signBytes = nodestakingTypes.NodeStateVoteSignDoc.encode(nodestakingTypes.NodeStateVoteSignDoc.fromPartial({
        domain: 'session-node-state-vote', chainId: CHAIN_ID, voter: hex(nodes.carol.pub), tested: hex(nodes.alice.pub), period: 1n,
        state: nodestakingTypes.NodeState.NODE_STATE_DECOMMISSIONED,
      })).finish();
      return { sender: s.carol.address, voter: nodes.carol.pub, tested: nodes.alice.pub, period: 1n, state: nodestakingTypes.NodeState.NODE_STATE_DECOMMISSIONED, signature: nodes.carol.sign(signBytes) };
    }],
    ['/sessionchain.nodestaking.v1.MsgDeregisterNode', 'alice', () => ({ authority: s.alice.address, pubkey: nodes.carol.pub })],
    ['/sessionchain.nodestaking.v1.MsgUpdateParams', 'alice', () => ({ authority: s.alice.address, params })],
    ['/sessionchain.bridge.v1.MsgRegisterEvmKey', 'validator', () => ({ validator: s.validator.address, evmAddress: EVM, signature: evmSig(), delegate: s.alice.address })],
    ['/sessionchain.bridge.v1.MsgAttestDeposit', 'validator', () => ({ signer: s.validator.address, claim: { nonce: 1n, evmSender: EVM, recipient: s.alice.address, amount: (5n * SESH).toString() } })],
    // No fee: the chain signs the empty non-nullable fee as {"amount":"0"} (amino.ts, `always`).
    ['/sessionchain.bridge.v1.MsgBridgeOut', 'alice', () => ({ sender: s.alice.address, evmRecipient: EVM, amount: coin(5n * SESH) })],
    ['/sessionchain.bridge.v1.MsgCancelBridgeOut', 'alice', () => ({ sender: s.alice.address, transferId: 1n })],
    ['/sessionchain.bridge.v1.MsgSignBatch', 'validator', () => ({ signer: s.validator.address, nonce: 1n, signature: evmSig() })],
    ['/sessionchain.bridge.v1.MsgSignSignerSet', 'validator', () => ({ signer: s.validator.address, nonce: 1n, signature: evmSig() })],
    ['/sessionchain.bridge.v1.MsgSignAdminOp', 'validator', () => ({ signer: s.validator.address, nonce: 1n, signature: evmSig() })],
    ['/sessionchain.bridge.v1.MsgAttestBatch', 'validator', () => ({ signer: s.validator.address, nonce: 1n, outcome: 1 })],
    ['/sessionchain.bridge.v1.MsgAttestContractState', 'validator', () => ({ signer: s.validator.address, signerSetNonce: 1n, adminNonce: 1n })],
    ['/sessionchain.bridge.v1.MsgSubmitBadSignatureEvidence', 'alice', () => ({ submitter: s.alice.address, item: { kind: 1, nonce: 1n, deadline: 1n, transfers: [{ id: 1n, recipient: EVM, amount: '1', fee: '0' }] }, signature: evmSig() })],
    ['/sessionchain.bridge.v1.MsgAttestRetiredContract', 'validator', () => ({ signer: s.validator.address, attestation: { stage: 1, adminNonce: 1n, paidTransferIds: [2n, 3n], swept: false } })],
    ['/sessionchain.bridge.v1.MsgSignRetiredSweep', 'validator', () => ({ signer: s.validator.address, capSignature: evmSig(), withdrawSignature: evmSig(), pauseSignature: evmSig() })],
    ['/sessionchain.bridge.v1.MsgReopenDeposit', 'alice', () => ({ authority: s.alice.address })],
    ['/sessionchain.bridge.v1.MsgUpdateParams', 'alice', () => ({ authority: s.alice.address, params: bridgeParams })],
  ];

  for (const mode of ['direct', 'amino']) {
    for (const [typeUrl, who, make] of rows) {
      const signer = typeof who === 'string' ? who : who[mode];
      const value = await make(mode);
      const res = await broadcast(s[signer], mode, typeUrl, value);
      report.rows.push({ msg: typeUrl, mode, signer, ...res });
      console.log(`${mode.padEnd(6)} ${typeUrl.padEnd(52)} code ${res.code} ${res.codespace} ${res.code ? res.log.slice(0, 100) : ''}`);
    }
  }
  report.registered = { direct: hex(registered.direct.pub), amino: hex(registered.amino.pub) };
  report.addresses = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.address]));

  // Block results of a block with transactions, read with each client: the
  // fallback client of the auto-detection and the 0.38 one.
  const txRow = report.rows.find((r) => r.code === 0 && r.height);
  for (const [name, c] of [['auto', auto], ['comet38', comet]]) {
    try {
      const br = await c.blockResults(txRow.height);
      report.comet[name] = {
        ok: true,
        txResults: br.results.length,
        txEvents: br.results.reduce((n, r) => n + r.events.length, 0),
        blockEvents: (br.finalizeBlockEvents ?? []).length + (br.beginBlockEvents ?? []).length + (br.endBlockEvents ?? []).length,
      };
    } catch (err) {
      report.comet[name] = { ok: false, error: err.message };
    }
  }
  fs.writeFileSync(process.env.REPORT, JSON.stringify(report, null, 2));
  auto.disconnect();
  comet.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
