// Reads the chain over REST (the gRPC gateway of the node's API port; CORS
// on, see README "Browser clients") and signs over CometBFT RPC with CosmJS.

/** Config is what the portal is served with (config.json beside index.html). */
export interface Config {
  /** Keplr chain info (chain-registry/sessionchain/keplr-chain-info.json, endpoints replaced). */
  chainInfo: {
    chainId: string;
    chainName: string;
    rpc: string;
    rest: string;
    feeCurrencies: { coinMinimalDenom: string; gasPriceStep: { low: number; average: number; high: number } }[];
    [k: string]: unknown;
  };
}

export async function loadConfig(): Promise<Config> {
  const res = await fetch("config.json", { cache: "no-store" });
  if (!res.ok) throw new Error(`config.json: ${res.status}`);
  return (await res.json()) as Config;
}

/** RestError is a REST answer that is not 200: the chain's message. */
export class RestError extends Error {}

/** Rest reads JSON from the node's REST API. */
export class Rest {
  constructor(private readonly base: string) {}

  async get<T>(path: string, params: Record<string, string> = {}): Promise<T> {
    const url = new URL(this.base.replace(/\/$/, "") + path);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const res = await fetch(url.toString());
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new RestError((body as { message?: string }).message ?? `${path}: HTTP ${res.status}`);
    return body as T;
  }
}

// The REST shapes the portal reads (proto field names, as the gateway writes them).

export interface Node {
  pubkey: string;
  operator: string;
  fee_bps: number;
  status: string;
  total_staked: string;
  contributors: number;
  exit_time?: string;
  last_proof_at?: string;
  credit?: string;
  reserved_spots?: number;
}
export interface NodeRecord {
  node: Node;
  contributions: { address: string; contribution: { amount: string; last_contributed_at: string } }[];
}
export interface NodeParams {
  staking_requirement: string;
  max_contributors: number;
  min_operator_stake_bps: number;
  small_contributor_bps: number;
  small_contributor_lock: string;
  unlock_delay: string;
  withdraw_delay: string;
  deregistration_lock: string;
}
