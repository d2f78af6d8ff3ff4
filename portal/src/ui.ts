// The page's shared pieces: element lookup and the message line, with the
// chain's own words for a rejected transaction or a failed request.

import type { DeliverTxResponse } from "@cosmjs/stargate";

/** $ returns the element with the id. */
export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** say shows a message (an error in red) in the message line. */
export function say(text: string, error = false): void {
  const el = $("message");
  el.textContent = text;
  el.className = error ? "error" : "";
  el.hidden = false;
}

/** explain turns a failed transaction or request into the chain's own words. */
export function explain(err: unknown): string {
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

/** txDone says how a transaction ended: its block, or the chain's reason to reject it. */
export function txDone(res: DeliverTxResponse, what: string): void {
  if (res.code !== 0) {
    say(`Rejected by the chain (code ${res.code}): ${cleanLog(res.rawLog ?? "")}`, true);
    return;
  }
  say(`${what}: done in block ${res.height} (transaction ${res.transactionHash}).`);
}
