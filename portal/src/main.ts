// The staking portal: open nodes, register, contribute, my stakes (claim,
// exit), the pool with its projection. Reads REST, signs with the browser
// wallet (Keplr's window.keplr) through CosmJS.

import { SigningStargateClient, AminoTypes, GasPrice, createDefaultAminoConverters } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { OfflineSigner } from "@cosmjs/proto-signing";

import { sessionAminoConverters, sessionRegistry } from "../../ts-client/src/index";
import { Rest, loadConfig, type Config, type Node, type NodeParams, type NodeRecord } from "./chain";
import { bps, parseSesh, priceText, seconds, sesh, short, span, usd } from "./format";
import { loadPool, project } from "./pool";
import { medianFee, openNodes, type OpenNodeFilter } from "./staking";
import { loadStakes } from "./stakes";
import { $, explain, say, txDone } from "./ui";

interface Keplr {
  experimentalSuggestChain(info: unknown): Promise<void>;
  enable(chainId: string): Promise<void>;
  getOfflineSigner(chainId: string): OfflineSigner;
}
declare global {
  interface Window {
    keplr?: Keplr;
  }
}

const state: {
  config?: Config;
  rest?: Rest;
  params?: NodeParams;
  price?: string;
  address?: string;
  client?: SigningStargateClient;
  /** comet reads past heights (rewards of the last 24 h); set on connect. */
  comet?: Comet38Client;
  openNodes: { node: Node; min: bigint; max: bigint; room: bigint }[];
  contributeTo?: { node: Node; min: bigint; max: bigint };
} = { openNodes: [] };

// ---------- messages ----------

// ---------- navigation ----------

function show(page: string): void {
  for (const s of document.querySelectorAll<HTMLElement>("main > section")) s.hidden = s.dataset.page !== page;
  for (const a of document.querySelectorAll<HTMLAnchorElement>("nav a")) {
    if (a.dataset.page === page) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  void refresh(page);
}

let loading = 0;

async function refresh(page: string): Promise<void> {
  // body[data-loading] while a page reloads (tests wait for it to go).
  loading++;
  document.body.dataset.loading = "true";
  try {
    if (page === "nodes") await loadNodes();
    if (page === "register") renderRegisterRules();
    if (page === "stakes") await showStakes();
    if (page === "pool") await showPool();
  } catch (err) {
    say(explain(err), true);
  } finally {
    if (--loading === 0) delete document.body.dataset.loading;
  }
}

// ---------- wallet ----------

async function connect(): Promise<void> {
  const cfg = state.config!;
  if (!window.keplr) {
    say("No browser wallet found: install Keplr (or a wallet with its window.keplr interface).", true);
    return;
  }
  try {
    await window.keplr.experimentalSuggestChain(cfg.chainInfo);
    await window.keplr.enable(cfg.chainInfo.chainId);
    const signer = window.keplr.getOfflineSigner(cfg.chainInfo.chainId);
    const [account] = await signer.getAccounts();
    // CometBFT 0.40 reports 0.39.0, which CosmJS's auto-detection does not
    // know: name the 0.38 client (ts-client/README.md).
    const comet = await Comet38Client.connect(cfg.chainInfo.rpc);
    state.comet = comet;
    state.client = await SigningStargateClient.createWithSigner(comet, signer, {
      registry: sessionRegistry(),
      aminoTypes: new AminoTypes({ ...createDefaultAminoConverters(), ...sessionAminoConverters() }),
      broadcastPollIntervalMs: 500,
      // The wallet kit's average gas price: fees are estimated by simulation ("auto").
      gasPrice: GasPrice.fromString(`${cfg.chainInfo.feeCurrencies[0].gasPriceStep.average}${cfg.chainInfo.feeCurrencies[0].coinMinimalDenom}`),
    });
    state.address = account.address;
    $("account").textContent = account.address;
    $("connect").textContent = "Connected";
    say(`Connected as ${account.address}.`);
    await refresh(currentPage());
  } catch (err) {
    say(`Could not connect the wallet: ${explain(err)}`, true);
  }
}

function currentPage(): string {
  return (location.hash || "#nodes").slice(1);
}

async function send(typeUrl: string, value: object, what: string): Promise<void> {
  if (!state.client || !state.address) {
    say("Connect a wallet first.", true);
    return;
  }
  say(`${what}: waiting for the wallet and the chain…`);
  try {
    const res = await state.client.signAndBroadcast(state.address, [{ typeUrl, value }], "auto", "staking portal");
    txDone(res, what);
  } catch (err) {
    say(explain(err), true);
  }
  await refresh(currentPage());
}

// ---------- open nodes ----------

async function loadParams(): Promise<NodeParams> {
  if (!state.params) state.params = (await state.rest!.get<{ params: NodeParams }>("/sessionchain/nodestaking/v1/params")).params;
  return state.params;
}

async function loadPrice(): Promise<void> {
  try {
    const p = await state.rest!.get<{ valid: boolean; price: string }>("/sessionchain/pro/v1/price");
    state.price = p.valid ? p.price : undefined;
  } catch {
    state.price = undefined;
  }
}

/** nodesLoad numbers the open-node loads: an answer older than the last asked is dropped. */
let nodesLoad = 0;

async function loadNodes(): Promise<void> {
  await loadParams();
  await loadPrice();
  const filter = nodeFilter();
  const ticket = ++nodesLoad;
  // The fee, room and minimum filters run on the chain (Query/OpenNodes).
  const [nodes, median] = await Promise.all([openNodes(state.rest!, filter), medianFee(state.rest!)]);
  if (ticket !== nodesLoad) return;
  state.openNodes = nodes.map((n) => ({ node: n.node, min: BigInt(n.min_contribution), max: BigInt(n.room_left), room: BigInt(n.room_left) }));
  const m = $("median-fee");
  const medianBps = median.median_fee_bps ?? 0;
  m.textContent = Number(median.nodes ?? 0) > 0
    ? `Median operator fee of the ${median.nodes} active nodes: ${bps(medianBps)}`
    : "No active node yet: no median operator fee.";
  m.dataset.bps = String(medianBps);
  renderNodes();
}

function numberOr(id: string): number | undefined {
  const v = $<HTMLInputElement>(id).value.trim();
  return v === "" ? undefined : Number(v);
}

/** nodeFilter reads the chain-side filters of the form (SESH and % as typed). */
function nodeFilter(): OpenNodeFilter {
  const text = (id: string) => $<HTMLInputElement>(id).value.trim();
  const f: OpenNodeFilter = {};
  if (text("f-max-fee") !== "") f.maxFeeBps = Math.max(0, Math.min(10000, Math.floor(Number(text("f-max-fee")) * 100)));
  if (text("f-min-room") !== "") f.minRoom = parseSesh(text("f-min-room"));
  if (text("f-max-min") !== "") f.maxMinContribution = parseSesh(text("f-max-min"));
  return f;
}

function renderNodes(): void {
  const minCredit = numberOr("f-min-credit");
  const sort = $<HTMLSelectElement>("f-sort").value;
  const rows = state.openNodes
    .map((n) => ({ ...n, credit: seconds(n.node.credit) }))
    .filter((n) => minCredit === undefined || n.credit >= minCredit * 3600);
  const cmp: Record<string, (a: (typeof rows)[0], b: (typeof rows)[0]) => number> = {
    fee: (a, b) => a.node.fee_bps - b.node.fee_bps,
    room: (a, b) => (b.room > a.room ? 1 : b.room < a.room ? -1 : 0),
    min: (a, b) => (a.min > b.min ? 1 : a.min < b.min ? -1 : 0),
    uptime: (a, b) => b.credit - a.credit,
  };
  rows.sort(cmp[sort]);
  const body = $("nodes-table").querySelector("tbody")!;
  body.replaceChildren();
  for (const r of rows) {
    const tr = document.createElement("tr");
    tr.dataset.pubkey = r.node.pubkey;
    tr.innerHTML = `<td><code title="${r.node.pubkey}">${short(r.node.pubkey)}</code></td>
      <td class="num">${bps(r.node.fee_bps)}</td><td class="num">${sesh(BigInt(r.node.total_staked))}</td>
      <td class="num">${sesh(r.room)}</td><td class="num">${sesh(r.min)}</td>
      <td class="num">${span(r.credit)}</td><td class="num">${r.node.contributors}</td><td></td>`;
    const btn = document.createElement("button");
    btn.type = "button";
    btn.textContent = "Contribute";
    btn.setAttribute("aria-label", `Contribute to node ${short(r.node.pubkey)}`);
    btn.addEventListener("click", () => openContribute(r));
    tr.lastElementChild!.appendChild(btn);
    body.appendChild(tr);
  }
  if (rows.length === 0) {
    body.innerHTML = `<tr><td colspan="8">No open node matches.</td></tr>`;
  }
}

function rulesText(params: NodeParams): string[] {
  const req = BigInt(params.staking_requirement);
  return [
    `A node needs ${sesh(req)} in all, from at most ${params.max_contributors} contributors; the operator stakes at least ${bps(params.min_operator_stake_bps)} of it.`,
    `A contribution can be withdrawn only after ${span(seconds(params.withdraw_delay))} (24 h) and only while the node is not yet active.`,
    `A contribution under ${bps(params.small_contributor_bps)} of the requirement (${sesh((req * BigInt(params.small_contributor_bps)) / 10000n)}) stays locked for ${span(seconds(params.small_contributor_lock))} (30 days).`,
    `Once active, stake unlocks ${span(seconds(params.unlock_delay))} after an exit is requested.`,
  ];
}

function fillRules(id: string, lines: string[]): void {
  const ul = $(id);
  ul.replaceChildren(...lines.map((l) => Object.assign(document.createElement("li"), { textContent: l })));
}

function openContribute(r: { node: Node; min: bigint; max: bigint; room: bigint }): void {
  state.contributeTo = r;
  $("c-node").textContent = r.node.pubkey;
  fillRules("c-rules", [
    `Minimum for this node: ${sesh(r.min)} ${usd(r.min, state.price)}; at most ${sesh(r.max)}.`,
    `Operator fee: ${bps(r.node.fee_bps)} of the node's rewards.`,
    ...rulesText(state.params!),
  ]);
  const amount = $<HTMLInputElement>("c-amount");
  amount.value = (Number(r.min) / 1e9).toString();
  updateUsd();
  $("contribute-form").hidden = false;
  amount.focus();
}

function updateUsd(): void {
  try {
    const v = parseSesh($<HTMLInputElement>("c-amount").value || "0");
    $("c-usd").textContent = state.price ? `≈ ${usd(v, state.price)} at ${priceText(state.price)} per SESH` : "";
  } catch {
    $("c-usd").textContent = "";
  }
}

async function submitContribute(ev: Event): Promise<void> {
  ev.preventDefault();
  const r = state.contributeTo;
  if (!r) return;
  let amount: bigint;
  try {
    amount = parseSesh($<HTMLInputElement>("c-amount").value);
  } catch (err) {
    say(explain(err), true);
    return;
  }
  await send("/sessionchain.nodestaking.v1.MsgContribute", {
    contributor: state.address,
    pubkey: hexBytes(r.node.pubkey),
    amount: { denom: "nsesh", amount: amount.toString() },
    // The fee shown above: the chain refuses the contribution if the
    // operator raised it meanwhile (0 would be no bound).
    maxFeeBps: r.node.fee_bps,
  }, `Contribute ${sesh(amount)}`);
  $("contribute-form").hidden = true;
}

function hexBytes(hex: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not hex: ${hex}`);
  return new Uint8Array(hex.match(/../g)!.map((b) => parseInt(b, 16)));
}

// ---------- register ----------

function renderRegisterRules(): void {
  void loadParams().then((p) => fillRules("r-rules", [
    `Your stake is at least ${bps(p.min_operator_stake_bps)} of ${sesh(BigInt(p.staking_requirement))}: ${sesh((BigInt(p.staking_requirement) * BigInt(p.min_operator_stake_bps)) / 10000n)}. Stake it all to run solo.`,
    "Reserved spots hold room for named contributors; everyone else can fill what is left.",
    "The fee is fixed for the node's life.",
    ...rulesText(p),
  ]));
}

function addSpot(): void {
  const n = $("r-spots").children.length + 1;
  const div = document.createElement("div");
  div.className = "spot";
  div.innerHTML = `<label>Reserved address ${n} <input name="spot-address" required></label>
    <label>Reserved amount ${n} (SESH) <input name="spot-amount" type="number" min="0" step="any" required></label>`;
  $("r-spots").appendChild(div);
}

async function submitRegister(ev: Event): Promise<void> {
  ev.preventDefault();
  try {
    const addresses = [...document.querySelectorAll<HTMLInputElement>("input[name=spot-address]")].map((i) => i.value.trim());
    const amounts = [...document.querySelectorAll<HTMLInputElement>("input[name=spot-amount]")].map((i) => parseSesh(i.value));
    const stake = parseSesh($<HTMLInputElement>("r-stake").value);
    await send("/sessionchain.nodestaking.v1.MsgRegisterNode", {
      operator: state.address,
      pubkey: hexBytes($<HTMLInputElement>("r-pubkey").value.trim()),
      signature: hexBytes($<HTMLInputElement>("r-signature").value.trim()),
      feeBps: Math.round(Number($<HTMLInputElement>("r-fee").value) * 100),
      stake: { denom: "nsesh", amount: stake.toString() },
      reserved: addresses.map((address, i) => ({ address, amount: amounts[i].toString() })),
    }, "Register the node");
  } catch (err) {
    say(explain(err), true);
  }
}

// ---------- my stakes ----------

async function showStakes(): Promise<void> {
  if (!state.address) {
    $("stake-figures").innerHTML = "<dt>Wallet</dt><dd>Connect a wallet to see your stakes.</dd>";
    $("stakes-table").querySelector("tbody")!.replaceChildren();
    return;
  }
  await loadPrice();
  await loadStakes({
    rest: state.rest!,
    comet: state.comet!,
    address: state.address,
    price: state.price,
    requestExit: (pubkey) => void send("/sessionchain.nodestaking.v1.MsgRequestUnlock", { requester: state.address, pubkey: hexBytes(pubkey) }, "Request exit"),
  });
}

function tickCountdowns(): void {
  for (const el of document.querySelectorAll<HTMLElement>(".countdown")) {
    el.textContent = span((Date.parse(el.dataset.at!) - Date.now()) / 1000);
  }
}

// ---------- the pool ----------

async function showPool(): Promise<void> {
  await loadPrice();
  await loadPool(state.rest!, state.price);
}

// ---------- start ----------

async function main(): Promise<void> {
  state.config = await loadConfig();
  state.rest = new Rest(state.config.chainInfo.rest);
  try {
    const info = await state.rest.get<{ default_node_info: { network: string } }>("/cosmos/base/tendermint/v1beta1/node_info");
    $("chain-status").textContent = `Chain ${info.default_node_info.network}`;
  } catch (err) {
    $("chain-status").textContent = `Chain unreachable: ${explain(err)}`;
  }
  $("connect").addEventListener("click", () => void connect());
  // The fee, room and minimum filters ask the chain again; uptime and sort are local.
  $("node-filters").addEventListener("input", (e) => {
    const id = (e.target as HTMLElement).id;
    if (id === "f-min-credit" || id === "f-sort") renderNodes();
    else void refresh("nodes");
  });
  $("node-filters").addEventListener("submit", (e) => e.preventDefault());
  $("contribute-form").addEventListener("submit", (e) => void submitContribute(e));
  $("c-amount").addEventListener("input", updateUsd);
  $("c-cancel").addEventListener("click", () => ($("contribute-form").hidden = true));
  $("register-form").addEventListener("submit", (e) => void submitRegister(e));
  $("r-add-spot").addEventListener("click", addSpot);
  $("claim").addEventListener("click", () => void send("/sessionchain.nodestaking.v1.MsgClaimRewards", { claimant: state.address }, "Claim rewards"));
  $("projection-form").addEventListener("submit", (e) => void project(state.rest!, e));
  window.addEventListener("hashchange", () => show(currentPage()));
  setInterval(tickCountdowns, 1000);
  show(currentPage());
  document.body.dataset.ready = "true";
}

void main();
