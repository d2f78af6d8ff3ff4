// The "my stakes" page: an address's contributions with their nodes'
// status and unlock countdowns, its claimable and pending rewards, the
// rewards of the last 24 hours, the chain's estimate per day, and the
// lifetime counters.

import type { Comet38Client } from "@cosmjs/tendermint-rpc";

import type { NodeRecord, Rest } from "./chain";
import { sesh, short, span, usd } from "./format";
import { recentRewards, type Recent } from "./recent";
import { addressTotals, dailyRewards } from "./staking";
import { $, explain } from "./ui";

/** StakesContext is what the page reads with and how it asks for an exit. */
export interface StakesContext {
  rest: Rest;
  comet: Comet38Client;
  address: string;
  price?: string;
  requestExit(pubkey: string): void;
}

/** loadStakes fills the page for ctx.address. */
export async function loadStakes(ctx: StakesContext): Promise<void> {
  const { rest, address, price } = ctx;
  const [mine, rewards, daily, lifetime, recent] = await Promise.all([
    rest.get<{ nodes: { pubkey: string; amount: string }[] }>(`/sessionchain/nodestaking/v1/contributors/${address}/nodes`),
    rest.get<{ claimable: string; pending: string }>(`/sessionchain/nodestaking/v1/rewards/${address}`),
    dailyRewards(rest, address),
    addressTotals(rest, address),
    recentRewards(ctx.comet, address).catch((err: unknown) => explain(err)),
  ]);
  const total = await fillTable(ctx, mine.nodes);
  const since = lifetime.since.height === "0" ? "since genesis" : `since block ${lifetime.since.height} (${lifetime.since.time.slice(0, 10)})`;
  const t = lifetime.totals;
  const figures = $("stake-figures");
  figures.innerHTML = "";
  const figure = (dt: string, nsesh: bigint, id: string, note: string) => {
    const dd = Object.assign(document.createElement("dd"), { textContent: `${sesh(nsesh)} ${usd(nsesh, price)}${note}`, id });
    dd.dataset.nsesh = nsesh.toString();
    figures.append(Object.assign(document.createElement("dt"), { textContent: dt }), dd);
    return dd;
  };
  const claimable = BigInt(rewards.claimable);
  const pending = BigInt(rewards.pending);
  figure("Total staked", total, "fig-staked", "");
  figure("Claimable rewards", claimable, "fig-claimable", "");
  figure("Pending rewards", pending, "fig-pending", "");
  recentFigure(figures, recent, figure);
  figure("Estimated rewards per day", BigInt(daily.per_day), "fig-perday", ` (today's reward per node: ${sesh(BigInt(daily.reward_per_node_per_day))})`);
  figure("Rewards claimed", BigInt(t.rewards_claimed), "fig-claimed", ` ${since}`);
  figure("Stakes returned", BigInt(t.stakes_returned), "fig-returned", ` ${since}`);
  figure("Penalties paid", BigInt(t.penalties_paid), "fig-penalties", ` ${since}`);
  // A claim pays both the credited and the pending share.
  $<HTMLButtonElement>("claim").disabled = claimable + pending === 0n;
}

/** recentFigure shows the rewards of the last 24 hours, or why they are not available. */
function recentFigure(figures: HTMLElement, recent: Recent | string, figure: (dt: string, nsesh: bigint, id: string, note: string) => HTMLElement): void {
  const dt = "Rewards in the last 24 h";
  if (typeof recent === "string") {
    const dd = Object.assign(document.createElement("dd"), { textContent: `not available: ${recent}`, id: "fig-24h" });
    figures.append(Object.assign(document.createElement("dt"), { textContent: dt }), dd);
    return;
  }
  const dd = figure(dt, recent.nsesh, "fig-24h", ` (blocks ${recent.from} to ${recent.to}, from ${recent.fromTime.toISOString().slice(0, 16).replace("T", " ")} UTC)`);
  dd.dataset.from = String(recent.from);
  dd.dataset.to = String(recent.to);
}

/** fillTable lists the contributions with their nodes and returns their total (nsesh). */
async function fillTable(ctx: StakesContext, mine: { pubkey: string; amount: string }[]): Promise<bigint> {
  const body = $("stakes-table").querySelector("tbody")!;
  body.replaceChildren();
  let total = 0n;
  const now = Date.now();
  for (const c of mine) {
    const { node } = (await ctx.rest.get<{ node: NodeRecord }>(`/sessionchain/nodestaking/v1/nodes/${c.pubkey}`)).node;
    const amount = BigInt(c.amount);
    total += amount;
    const tr = document.createElement("tr");
    tr.dataset.pubkey = node.pubkey;
    const unlock = node.exit_time ? `unlocks in <span class="countdown" data-at="${node.exit_time}">${span((Date.parse(node.exit_time) - now) / 1000)}</span>` : "—";
    tr.innerHTML = `<td><code title="${node.pubkey}">${short(node.pubkey)}</code></td><td>${node.status.replace("NODE_STATUS_", "").toLowerCase()}</td>
      <td class="num">${sesh(amount)} ${usd(amount, ctx.price)}</td><td>${unlock}</td><td></td>`;
    if (node.status === "NODE_STATUS_ACTIVE" && !node.exit_time) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = "Request exit";
      btn.setAttribute("aria-label", `Request exit from node ${short(node.pubkey)}`);
      btn.addEventListener("click", () => ctx.requestExit(node.pubkey));
      tr.lastElementChild!.appendChild(btn);
    }
    body.appendChild(tr);
  }
  return total;
}
