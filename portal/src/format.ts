// Amounts are bigint nsesh throughout; these turn them into text people read.

/** nsesh per SESH. */
export const NSESH_PER_SESH = 1_000_000_000n;

/** sesh formats nsesh as SESH with up to `places` decimals, thousands grouped. */
export function sesh(nsesh: bigint, places = 4): string {
  const neg = nsesh < 0n;
  const abs = neg ? -nsesh : nsesh;
  const whole = abs / NSESH_PER_SESH;
  const frac = (abs % NSESH_PER_SESH).toString().padStart(9, "0").slice(0, places).replace(/0+$/, "");
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}${grouped}${frac ? "." + frac : ""} SESH`;
}

/** parseSesh reads a SESH amount typed by a person ("1,234.5") as nsesh. */
export function parseSesh(text: string): bigint {
  const t = text.replace(/,/g, "").trim();
  const m = /^(\d+)(?:\.(\d{0,9}))?$/.exec(t);
  if (!m) throw new Error(`"${text}" is not an amount of SESH (at most 9 decimals)`);
  return BigInt(m[1]) * NSESH_PER_SESH + BigInt((m[2] ?? "").padEnd(9, "0"));
}

/** DEC is LegacyDec's scale (18 decimals). */
const DEC = 10n ** 18n;

/** decimal reads a decimal string ("0.050000000000000000", as REST writes a price) as an integer times 10^18. */
export function decimal(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{0,18}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${text}`);
  return BigInt(m[1]) * DEC + BigInt((m[2] ?? "").padEnd(18, "0"));
}

/** usd formats the USD value of nsesh at a price in USD per SESH (a decimal string, as REST gives it). */
export function usd(nsesh: bigint, price: string | undefined): string {
  if (!price) return "";
  // cents = nsesh / 1e9 * price * 100
  const cents = (nsesh * decimal(price) * 100n) / (NSESH_PER_SESH * DEC);
  const dollars = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `$${dollars}.${(cents % 100n).toString().padStart(2, "0")}`;
}

/** priceText formats a decimal price as "$0.0500". */
export function priceText(price: string): string {
  const v = decimal(price);
  const tenThousandths = (v * 10000n) / DEC;
  return `$${tenThousandths / 10000n}.${(tenThousandths % 10000n).toString().padStart(4, "0")}`;
}

/** bps formats basis points as a percentage. */
export function bps(v: number): string {
  return `${(v / 100).toFixed(2)}%`;
}

/** seconds reads a protojson/REST duration ("3600s", "2h0m0s" is not REST). */
export function seconds(d: string | undefined): number {
  if (!d) return 0;
  const m = /^(-?\d+(?:\.\d+)?)s$/.exec(d);
  return m ? Number(m[1]) : 0;
}

/** span formats a number of seconds as "2 d 3 h" / "3 h 10 min" / "45 s". */
export function span(s: number): string {
  if (s <= 0) return "now";
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min`;
  return `${Math.ceil(s)} s`;
}

/** short abbreviates a hex key or address. */
export function short(s: string): string {
  return s.length > 16 ? `${s.slice(0, 8)}…${s.slice(-6)}` : s;
}
