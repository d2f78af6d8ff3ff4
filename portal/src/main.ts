// The staking portal: open nodes, register, contribute, my stakes (claim,
// exit), the pool with its projection. Reads REST, signs with the browser
// wallet (Keplr's window.keplr) through CosmJS.

import { SigningStargateClient, AminoTypes, GasPrice, createDefaultAminoConverters, type DeliverTxResponse } from "@cosmjs/stargate";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import type { OfflineSigner } from "@cosmjs/proto-signing";

import { sessionAminoConverters, sessionRegistry } from "../../ts-client/src/index";
import { lineChart } from "./chart";
import { Rest, loadConfig, type Config, type Node, type NodeParams, type NodeRecord } from "./chain";
import { bps, parseSesh, priceText, seconds, sesh, short, span, usd } from "./format";
import { addressTotals, dailyRewards, medianFee, openNodes, type OpenNodeFilter } from "./staking";

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

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

const state: {
  config?: Config;
  rest?: Rest;
  params?: NodeParams;
  price?: string;
  address?: string;
  client?: SigningStargateClient;
  openNodes: { node: Node; min: bigint; max: bigint; room: bigint }[];
  contributeTo?: { node: Node; min: bigint; max: bigint };
} = { openNodes: [] };

// ---------- messages ----------

function say(text: string, error = false): void {
  const el = $("message");
  el.textContent = text;
  el.className = error ? "error" : "";
  el.hidden = false;
}

/** explain turns a failed transaction or request into the chain's own words. */
function explain(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // CosmJS: "Broadcasting transaction failed with code 18 (codespace: nodestaking). Log: ..."
  const m = /codespace: (\w+)\)\. Log: (.*)/s.exec(text);
  if (m) return `Rejected by the chain (${m[1]}): ${cleanLog(m[2])}`;
  // Fee estimation runs the Msg first: "Query failed with (6): rpc error: ... desc = <log> [file:line] with gas used ..."
  const sim = /desc = (.*?)(?: \[[^\]]*\])? with gas used/s.exec(text);
  if (sim) return `Rejected by the chain: ${cleanLog(sim[1])}`;
  return text;
}

function cleanLog(log: string): string {
  return log.replace(/^failed to execute message; message index: \d+: /, "");
}

function txDone(res: DeliverTxResponse, what: string): void {
  if (res.code !== 0) {
    say(`Rejected by the chain (code ${res.code}): ${cleanLog(res.rawLog ?? "")}`, true);
    return;
  }
  say(`${what}: done in block ${res.height} (transaction ${res.transactionHash}).`);
}

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
    if (page === "stakes") await loadStakes();
    if (page === "pool") await loadPool();
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

interface StakeStats { active_nodes: string; total_staked: string; reward_per_node_per_day: string }

async function loadStakes(): Promise<void> {
  const figures = $("stake-figures");
  const body = $("stakes-table").querySelector("tbody")!;
  if (!state.address) {
    figures.innerHTML = "<dt>Wallet</dt><dd>Connect a wallet to see your stakes.</dd>";
    body.replaceChildren();
    return;
  }
  await loadParams();
  await loadPrice();
  const [mine, rewards, daily, lifetime] = await Promise.all([
    state.rest!.get<{ nodes: { pubkey: string; amount: string }[] }>(`/sessionchain/nodestaking/v1/contributors/${state.address}/nodes`),
    state.rest!.get<{ claimable: string; pending: string }>(`/sessionchain/nodestaking/v1/rewards/${state.address}`),
    dailyRewards(state.rest!, state.address),
    addressTotals(state.rest!, state.address),
  ]);
  let total = 0n;
  // The chain's estimate: today's reward per earning node, my share of each of my nodes.
  const perDay = BigInt(daily.per_day);
  body.replaceChildren();
  const now = Date.now();
  for (const c of mine.nodes) {
    const { node } = (await state.rest!.get<{ node: NodeRecord }>(`/sessionchain/nodestaking/v1/nodes/${c.pubkey}`)).node;
    const amount = BigInt(c.amount);
    total += amount;
    const tr = document.createElement("tr");
    tr.dataset.pubkey = node.pubkey;
    const unlock = node.exit_time ? `unlocks in <span class="countdown" data-at="${node.exit_time}">${span((Date.parse(node.exit_time) - now) / 1000)}</span>` : "—";
    tr.innerHTML = `<td><code title="${node.pubkey}">${short(node.pubkey)}</code></td><td>${node.status.replace("NODE_STATUS_", "").toLowerCase()}</td>
      <td class="num">${sesh(amount)} ${usd(amount, state.price)}</td><td>${unlock}</td><td></td>`;
    if (node.status === "NODE_STATUS_ACTIVE" && !node.exit_time) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = "Request exit";
      btn.setAttribute("aria-label", `Request exit from node ${short(node.pubkey)}`);
      btn.addEventListener("click", () => void send("/sessionchain.nodestaking.v1.MsgRequestUnlock", { requester: state.address, pubkey: hexBytes(node.pubkey) }, "Request exit"));
      tr.lastElementChild!.appendChild(btn);
    }
    body.appendChild(tr);
  }
  const claimable = BigInt(rewards.claimable);
  const pending = BigInt(rewards.pending);
  const since = lifetime.since.height === "0" ? "since genesis" : `since block ${lifetime.since.height} (${lifetime.since.time.slice(0, 10)})`;
  const t = lifetime.totals;
  figures.innerHTML = "";
  for (const [dt, nsesh, id, note] of [
    ["Total staked", total, "fig-staked", ""],
    ["Claimable rewards", claimable, "fig-claimable", ""],
    ["Pending rewards", pending, "fig-pending", ""],
    ["Estimated rewards per day", perDay, "fig-perday", ` (today's reward per node: ${sesh(BigInt(daily.reward_per_node_per_day))})`],
    ["Rewards claimed", BigInt(t.rewards_claimed), "fig-claimed", ` ${since}`],
    ["Stakes returned", BigInt(t.stakes_returned), "fig-returned", ` ${since}`],
    ["Penalties paid", BigInt(t.penalties_paid), "fig-penalties", ` ${since}`],
  ] as [string, bigint, string, string][]) {
    const dd = Object.assign(document.createElement("dd"), { textContent: `${sesh(nsesh)} ${usd(nsesh, state.price)}${note}`, id });
    dd.dataset.nsesh = nsesh.toString();
    figures.append(Object.assign(document.createElement("dt"), { textContent: dt }), dd);
  }
  // A claim pays both the credited and the pending share.
  $<HTMLButtonElement>("claim").disabled = claimable + pending === 0n;
}

function tickCountdowns(): void {
  for (const el of document.querySelectorAll<HTMLElement>(".countdown")) {
    el.textContent = span((Date.parse(el.dataset.at!) - Date.now()) / 1000);
  }
}

// ---------- the pool ----------

interface Pool { balance: string; emission: { day: string; day_reward: string } }
interface Projection { days: { day: string; balance: string; day_reward: string }[] }

async function loadPool(): Promise<void> {
  await loadPrice();
  const [pool, daily, stats, revenue, totals, names] = await Promise.all([
    state.rest!.get<Pool>("/sessionchain/rewardpool/v1/pool"),
    state.rest!.get<{ day: string; day_reward: string; remaining: string }>("/sessionchain/rewardpool/v1/daily_reward"),
    state.rest!.get<StakeStats>("/sessionchain/nodestaking/v1/stats"),
    state.rest!.get<{ revenue: { to_pool: string; to_liquidity: string; purchases: string } }>("/sessionchain/pro/v1/revenue"),
    state.rest!.get<{ total_inflow: string; total_emitted: string }>("/sessionchain/rewardpool/v1/totals"),
    state.rest!.get<{ revenue: { to_pool: string; to_liquidity: string; registrations: string; renewals: string } }>("/sessionchain/names/v1/revenue"),
  ]);
  const namesRevenue = BigInt(names.revenue.to_pool) + BigInt(names.revenue.to_liquidity);
  const fig = $("pool-figures");
  fig.innerHTML = "";
  const proRevenue = BigInt(revenue.revenue.to_pool) + BigInt(revenue.revenue.to_liquidity);
  const inflow = BigInt(totals.total_inflow);
  const emitted = BigInt(totals.total_emitted);
  for (const [dt, dd, id] of [
    ["Pool balance", `${sesh(BigInt(pool.balance), 0)} ${usd(BigInt(pool.balance), state.price)}`, "pool-balance"],
    ["Today's reward", `${sesh(BigInt(daily.day_reward))} ${usd(BigInt(daily.day_reward), state.price)}`, "pool-today"],
    ["Reward per node per day", `${sesh(BigInt(stats.reward_per_node_per_day))}`, "pool-per-node"],
    ["Active nodes", stats.active_nodes, "pool-nodes"],
    ["Session Pro revenue so far", `${sesh(proRevenue)} from ${revenue.revenue.purchases} purchases`, "pool-pro"],
    ["Session names revenue so far", `${sesh(namesRevenue)} from ${names.revenue.registrations} registrations and ${names.revenue.renewals} renewals`, "pool-names"],
    ["Into the pool so far / paid out", `${sesh(inflow)} / ${sesh(emitted)}: ${inflow >= emitted ? "more in than out" : "more out than in"}`, "pool-balance-flow"],
  ]) {
    fig.append(Object.assign(document.createElement("dt"), { textContent: dt }), Object.assign(document.createElement("dd"), { textContent: dd, id }));
  }
  await project();
}

async function project(ev?: Event): Promise<void> {
  ev?.preventDefault();
  try {
    const years = Number($<HTMLSelectElement>("p-years").value);
    const inflow = parseSesh($<HTMLInputElement>("p-inflow").value || "0");
    const proj = await state.rest!.get<Projection>("/sessionchain/rewardpool/v1/projection", {
      days: String(years * 365),
      daily_inflow: inflow.toString(),
    });
    const points = proj.days
      .filter((_, i) => i % 7 === 0 || i === proj.days.length - 1)
      .map((d) => ({ day: Number(d.day), value: Number(BigInt(d.balance) / 1_000_000_000n) }));
    const chart = $("projection-chart");
    chart.replaceChildren(lineChart(points, `Projected pool balance over ${years} years with ${sesh(inflow)} flowing in per day`));
    const first = BigInt(proj.days[0].balance);
    const last = BigInt(proj.days[proj.days.length - 1].balance);
    $("projection-caption").textContent =
      `Pool balance in SESH over ${years} year(s) with ${sesh(inflow)} per day flowing in: from ${sesh(first, 0)} to ${sesh(last, 0)} ` +
      `(${last >= first ? "growing: more tokens in than out" : "shrinking: more tokens out than in"}).`;
  } catch (err) {
    say(explain(err), true);
  }
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
  $("projection-form").addEventListener("submit", (e) => void project(e));
  window.addEventListener("hashchange", () => show(currentPage()));
  setInterval(tickCountdowns, 1000);
  show(currentPage());
  document.body.dataset.ready = "true";
}

void main();
