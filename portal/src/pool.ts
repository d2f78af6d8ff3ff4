// The pool page: balance, today's reward, the revenue that flowed in, and
// a chart of the projected balance over 1-5 years with a daily inflow the
// user sets (the "more tokens in than out" question, as a plot).

import { lineChart } from "./chart";
import type { Rest } from "./chain";
import { parseSesh, sesh, usd } from "./format";
import { $, explain, say } from "./ui";

interface StakeStats { active_nodes: string; total_staked: string; reward_per_node_per_day: string }
interface Pool { balance: string; emission: { day: string; day_reward: string } }
interface Projection { days: { day: string; balance: string; day_reward: string }[] }

/** loadPool shows the pool's figures and its projection; price is SESH's USD price, if the chain has a healthy one. */
export async function loadPool(rest: Rest, price: string | undefined): Promise<void> {
  const [pool, daily, stats, revenue, totals, names] = await Promise.all([
    rest.get<Pool>("/sessionchain/rewardpool/v1/pool"),
    rest.get<{ day: string; day_reward: string; remaining: string }>("/sessionchain/rewardpool/v1/daily_reward"),
    rest.get<StakeStats>("/sessionchain/nodestaking/v1/stats"),
    rest.get<{ revenue: { to_pool: string; to_liquidity: string; purchases: string } }>("/sessionchain/pro/v1/revenue"),
    rest.get<{ total_inflow: string; total_emitted: string }>("/sessionchain/rewardpool/v1/totals"),
    rest.get<{ revenue: { to_pool: string; to_liquidity: string; registrations: string; renewals: string } }>("/sessionchain/names/v1/revenue"),
  ]);
  const namesRevenue = BigInt(names.revenue.to_pool) + BigInt(names.revenue.to_liquidity);
  const fig = $("pool-figures");
  fig.innerHTML = "";
  const proRevenue = BigInt(revenue.revenue.to_pool) + BigInt(revenue.revenue.to_liquidity);
  const inflow = BigInt(totals.total_inflow);
  const emitted = BigInt(totals.total_emitted);
  for (const [dt, dd, id] of [
    ["Pool balance", `${sesh(BigInt(pool.balance), 0)} ${usd(BigInt(pool.balance), price)}`, "pool-balance"],
    ["Today's reward", `${sesh(BigInt(daily.day_reward))} ${usd(BigInt(daily.day_reward), price)}`, "pool-today"],
    ["Reward per node per day", `${sesh(BigInt(stats.reward_per_node_per_day))}`, "pool-per-node"],
    ["Active nodes", stats.active_nodes, "pool-nodes"],
    ["Session Pro revenue so far", `${sesh(proRevenue)} from ${revenue.revenue.purchases} purchases`, "pool-pro"],
    ["Session names revenue so far", `${sesh(namesRevenue)} from ${names.revenue.registrations} registrations and ${names.revenue.renewals} renewals`, "pool-names"],
    ["Into the pool so far / paid out", `${sesh(inflow)} / ${sesh(emitted)}: ${inflow >= emitted ? "more in than out" : "more out than in"}`, "pool-balance-flow"],
  ]) {
    fig.append(Object.assign(document.createElement("dt"), { textContent: dt }), Object.assign(document.createElement("dd"), { textContent: dd, id }));
  }
  await project(rest);
}

/** project draws the pool's projected balance with the years and the daily inflow of the form. */
export async function project(rest: Rest, ev?: Event): Promise<void> {
  ev?.preventDefault();
  try {
    const years = Number($<HTMLSelectElement>("p-years").value);
    const inflow = parseSesh($<HTMLInputElement>("p-inflow").value || "0");
    const proj = await rest.get<Projection>("/sessionchain/rewardpool/v1/projection", {
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
