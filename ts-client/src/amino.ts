// Generic amino JSON converters for the chain's own Msgs, driven by
// amino-schema.json (generated from the same proto options the chain's amino
// JSON sign mode reads: scripts/aminoschema). A Msg signed in amino JSON
// (SIGN_MODE_LEGACY_AMINO_JSON, the Ledger path) verifies only if these
// bytes are exactly the chain's; the CosmJS table test checks every Msg.

import schemaJSON from "./amino-schema.json";

/** One field of a message in amino JSON. */
export interface AminoField {
  name: string;
  kind: string;
  repeated?: boolean;
  dont_omit?: boolean;
  /**
   * always: the chain's sign bytes have the field even when the Msg leaves
   * it empty. The chain signs the Msg as gogoproto re-encodes it (the SDK's
   * UnpackAny repacks every Msg of a decoded transaction), and gogoproto
   * writes a non-nullable message or customtype field whatever its value.
   */
  always?: boolean;
  message?: string;
}

/** One message's amino JSON layout. */
export interface AminoMessage {
  amino_name?: string;
  fields: AminoField[];
}

/** The amino JSON layout of every Msg of the custom modules, by full proto name. */
export const aminoSchema: Record<string, AminoMessage> = schemaJSON as Record<string, AminoMessage>;

/** LegacyDec precision: a cosmos.Dec field's proto string is the value times 10^18. */
const DEC_PRECISION = 18;

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** decFromProto turns LegacyDec's proto string (an integer of 10^-18 units) into "1.500000000000000000". */
export function decFromProto(v: string): string {
  const neg = v.startsWith("-");
  const digits = (neg ? v.slice(1) : v).padStart(DEC_PRECISION + 1, "0");
  const cut = digits.length - DEC_PRECISION;
  return `${neg ? "-" : ""}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** decToProto is the inverse of decFromProto: "0.05" becomes "50000000000000000". */
export function decToProto(v: string): string {
  const m = /^(-?)(\d+)(?:\.(\d{0,18}))?$/.exec(v);
  if (!m) throw new Error(`not a decimal with at most ${DEC_PRECISION} places: ${v}`);
  const frac = (m[3] ?? "").padEnd(DEC_PRECISION, "0");
  const int = BigInt(m[2] + frac).toString();
  return int === "0" ? "0" : m[1] + int;
}

function isDefault(f: AminoField, v: unknown): boolean {
  switch (f.kind) {
    case "message":
    case "duration":
    case "timestamp":
      return v === undefined || v === null;
    case "bytes":
      return v === undefined || (v as Uint8Array).length === 0;
    case "long":
      return v === undefined || BigInt(v as bigint) === 0n;
    case "int":
    case "enum":
      return v === undefined || v === 0;
    case "bool":
      return v === undefined || v === false;
    default:
      return v === undefined || v === "";
  }
}

const MESSAGE_KINDS = new Set(["message", "duration", "timestamp"]);

function defaultAmino(f: AminoField): unknown {
  switch (f.kind) {
    case "dec":
    case "int_string":
    case "long":
      return "0";
    case "int":
    case "enum":
      return 0;
    case "bool":
      return false;
    default:
      return "";
  }
}

/**
 * zeroAmino is what the chain signs for an empty `always` field: the zero
 * value as gogoproto writes it, as x/tx encodes it.
 */
function zeroAmino(f: AminoField): unknown {
  switch (f.kind) {
    case "message":
      return toAminoValue(f.message as string, {});
    case "duration":
      return "0";
    case "timestamp":
      return "0001-01-01T00:00:00Z";
    case "dec":
      return decFromProto("0");
    default:
      return defaultAmino(f);
  }
}

function encodeValue(f: AminoField, v: unknown): unknown {
  switch (f.kind) {
    case "dec":
      return decFromProto(v as string);
    case "bytes":
      return toBase64(v as Uint8Array);
    case "long":
      return BigInt(v as bigint).toString();
    case "duration": {
      const d = v as { seconds: bigint; nanos: number };
      return (BigInt(d.seconds) * 1_000_000_000n + BigInt(d.nanos)).toString();
    }
    case "timestamp":
      // Go's RFC 3339 with nanoseconds, trailing zeros of the fraction cut.
      return (v as Date).toISOString().replace(/\.?0+Z$/, "Z");
    case "message":
      return toAminoValue(f.message as string, v as Record<string, unknown>);
    default:
      return v;
  }
}

function decodeValue(f: AminoField, v: unknown): unknown {
  switch (f.kind) {
    case "dec":
      return decToProto(v as string);
    case "bytes":
      return fromBase64(v as string);
    case "long":
      return BigInt(v as string);
    case "duration": {
      const ns = BigInt(v as string);
      return { seconds: ns / 1_000_000_000n, nanos: Number(ns % 1_000_000_000n) };
    }
    case "timestamp":
      return new Date(v as string);
    case "message":
      return fromAminoValue(f.message as string, v as Record<string, unknown>);
    default:
      return v;
  }
}

function layout(name: string): AminoMessage {
  const m = aminoSchema[name];
  if (!m) throw new Error(`no amino layout for ${name}`);
  return m;
}

/** toAminoValue encodes a ts-proto message as the chain's amino JSON value (keys sorted). */
export function toAminoValue(name: string, msg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of layout(name).fields) {
    const v = msg[camel(f.name)];
    if (f.repeated) {
      const list = (v as unknown[] | undefined) ?? [];
      if (list.length === 0) {
        if (f.dont_omit) out[f.name] = [];
        continue;
      }
      out[f.name] = list.map((x) => encodeValue(f, x));
    } else if (isDefault(f, v)) {
      if (f.always) out[f.name] = zeroAmino(f);
      // Otherwise an unset message field is absent from the chain's Msg.
      else if (f.dont_omit && !MESSAGE_KINDS.has(f.kind)) out[f.name] = defaultAmino(f);
    } else {
      out[f.name] = encodeValue(f, v);
    }
  }
  return out;
}

/** fromAminoValue decodes amino JSON into a plain object with ts-proto's field names. */
export function fromAminoValue(name: string, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of layout(name).fields) {
    const v = value[f.name];
    if (v === undefined || v === null) continue;
    out[camel(f.name)] = f.repeated ? (v as unknown[]).map((x) => decodeValue(f, x)) : decodeValue(f, v);
  }
  return out;
}
