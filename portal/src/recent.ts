// Rewards of the last 24 hours: what an address earned from the first block
// of the last 24 hours to the latest, read from the chain's state at both
// heights with CometBFT RPC's abci_query at a height (a browser cannot ask
// the REST gateway for a past height: its CORS allows no height header).
// Earned by a height is everything claimed by then plus what was claimable
// and pending then; a node that keeps no state from 24 hours ago (pruned)
// makes the figure unavailable, never wrong.

import { QueryClient } from "@cosmjs/stargate";
import type { Comet38Client } from "@cosmjs/tendermint-rpc";

import { nodestakingQuery } from "../../ts-client/src/index";

/** DAY_MS is the window of the figure. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Recent is what an address earned from block from (at fromTime) to block to. */
export interface Recent {
  from: number;
  fromTime: Date;
  to: number;
  nsesh: bigint;
}

async function blockTime(comet: Comet38Client, height: number): Promise<number> {
  const res = await comet.blockchain(height, height);
  return res.blockMetas[0].header.time.getTime();
}

/**
 * firstBlockSince finds the first block at or after time since, between
 * the node's earliest block and block latest (at latestTime): alternately
 * interpolating on block times and halving, so it asks for at most about
 * twice the bits of the height's blocks.
 */
export async function firstBlockSince(comet: Comet38Client, since: number, earliest: number, latest: number, latestTime: number): Promise<{ height: number; time: number }> {
  let lo = earliest;
  let loT = await blockTime(comet, lo);
  if (loT >= since) return { height: lo, time: loT };
  if (latestTime < since) return { height: latest, time: latestTime };
  let hi = latest;
  let hiT = latestTime;
  // time(lo) < since <= time(hi)
  for (let step = 0; hi - lo > 1 && step < 128; step++) {
    const guess = step % 2 === 0 ? lo + Math.round(((since - loT) / Math.max(hiT - loT, 1)) * (hi - lo)) : Math.floor((lo + hi) / 2);
    const mid = Math.min(hi - 1, Math.max(lo + 1, guess));
    const t = await blockTime(comet, mid);
    if (t < since) {
      lo = mid;
      loT = t;
    } else {
      hi = mid;
      hiT = t;
    }
  }
  return { height: hi, time: hiT };
}

/** Earned is what an address had earned by the end of a block, and since which block the counters count. */
interface Earned {
  nsesh: bigint;
  countedSince: number;
}

/** earnedBy is everything address had earned by the end of block height (nsesh). */
export async function earnedBy(qc: QueryClient, address: string, height: number): Promise<Earned> {
  const totalsRes = await qc.queryAbci(
    "/sessionchain.nodestaking.v1.Query/AddressTotals",
    nodestakingQuery.QueryAddressTotalsRequest.encode({ address }).finish(),
    height,
  );
  const totals = nodestakingQuery.QueryAddressTotalsResponse.decode(totalsRes.value);
  const rewardsRes = await qc.queryAbci(
    "/sessionchain.nodestaking.v1.Query/Rewards",
    nodestakingQuery.QueryRewardsRequest.encode({ address }).finish(),
    height,
  );
  const rewards = nodestakingQuery.QueryRewardsResponse.decode(rewardsRes.value);
  return {
    nsesh: BigInt(totals.totals?.rewardsClaimed ?? "0") + BigInt(rewards.claimable) + BigInt(rewards.pending),
    countedSince: Number(totals.since?.height ?? 0n),
  };
}

/**
 * recentRewards is what address earned in the last 24 hours of blocks, up
 * to the latest block. A window that would start before the lifetime
 * counters began (an upgrade to nodestaking consensus version 6 less than
 * a day ago) starts where they began: claims before that are not counted.
 */
export async function recentRewards(comet: Comet38Client, address: string): Promise<Recent> {
  const status = await comet.status();
  const latest = status.syncInfo.latestBlockHeight;
  const latestTime = status.syncInfo.latestBlockTime.getTime();
  const earliest = Math.max(status.syncInfo.earliestBlockHeight ?? 1, 1);
  const qc = new QueryClient(comet);
  const now = await earnedBy(qc, address, latest);
  let from = await firstBlockSince(comet, latestTime - DAY_MS, earliest, latest, latestTime);
  if (from.height < now.countedSince) from = { height: now.countedSince, time: await blockTime(comet, now.countedSince) };
  const then = await earnedBy(qc, address, from.height);
  return { from: from.height, fromTime: new Date(from.time), to: latest, nsesh: now.nsesh - then.nsesh };
}
