// The chain's queries made for the portal (x/nodestaking, consensus version
// 6): open nodes filtered on the chain, the network's median fee, an
// address's lifetime counters and its rewards per day.

import type { Node, Rest } from "./chain";

/** OpenNode is a node a new contributor can join now, as the chain computes it. */
export interface OpenNode {
  node: Node;
  room_left: string;
  min_contribution: string;
  spots_left: number;
}

/** OpenNodeFilter bounds the open nodes; an unset bound does not filter. Amounts in nsesh, fee in bps. */
export interface OpenNodeFilter {
  minRoom?: bigint;
  maxFeeBps?: number;
  maxMinContribution?: bigint;
}

/** openNodes lists every open node that passes the filter, page by page. */
export async function openNodes(rest: Rest, f: OpenNodeFilter): Promise<OpenNode[]> {
  const params: Record<string, string> = { "pagination.limit": "200" };
  if (f.minRoom !== undefined) params.min_room = f.minRoom.toString();
  if (f.maxFeeBps !== undefined) params.max_fee_bps = String(f.maxFeeBps);
  if (f.maxMinContribution !== undefined) params.max_min_contribution = f.maxMinContribution.toString();
  const out: OpenNode[] = [];
  for (let page = 0; page < 50; page++) {
    const res = await rest.get<{ nodes: OpenNode[]; pagination?: { next_key?: string | null } }>(
      "/sessionchain/nodestaking/v1/open_nodes", params);
    out.push(...res.nodes);
    const next = res.pagination?.next_key;
    if (!next) break;
    params["pagination.key"] = next;
  }
  return out;
}

/** MedianFee is the median operator fee of the active nodes. */
export interface MedianFee {
  median_fee_bps?: number;
  nodes?: string;
}

export async function medianFee(rest: Rest): Promise<MedianFee> {
  return rest.get<MedianFee>("/sessionchain/nodestaking/v1/median_fee");
}

/** AddressTotals are an address's lifetime counters (nsesh) and when they began. */
export interface AddressTotals {
  totals: { rewards_claimed: string; stakes_returned: string; penalties_paid: string };
  since: { height: string; time: string; claimed_before: string };
}

export async function addressTotals(rest: Rest, address: string): Promise<AddressTotals> {
  return rest.get<AddressTotals>(`/sessionchain/nodestaking/v1/contributors/${address}/totals`);
}

/** DailyRewards is the chain's estimate of an address's rewards per day at today's reward. */
export interface DailyRewards {
  per_day: string;
  reward_per_node_per_day: string;
  nodes: { pubkey: string; amount: string }[];
}

export async function dailyRewards(rest: Rest, address: string): Promise<DailyRewards> {
  return rest.get<DailyRewards>(`/sessionchain/nodestaking/v1/rewards/${address}/daily`);
}
