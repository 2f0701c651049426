// The V2 pre-session messages (spec migtd.md §2.3), sent on the transport before TLS: an 8-byte
// header `type u8, reserved[3] = 0, length u32 LE` and `length` payload bytes.
//   HELLO (0xFF)            "MGTD", lowest_version u16, highest_version u16 (0x0100 only)
//   PRE_SESSION_DATA (1)    the peer-data blob: u32 policy_len, policy, u32 chain_len, chain
//   START_SESSION (2)       empty
// Why it exists: a signed policy with its collateral (135-175 KB) cannot ride in a TLS
// handshake message (64 KiB), so each side hands over its policy first and binds it into its
// RA-TLS certificate (policy-hash extension, §2.4).
import { writeU32 } from "../util/reader";

export const PS_HEADER_SIZE: i32 = 8;
export const PS_TYPE_HELLO: u8 = 0xff;
export const PS_TYPE_PRE_SESSION_DATA: u8 = 1;
export const PS_TYPE_START_SESSION: u8 = 2;
export const PS_HELLO_LENGTH: i32 = 8;
export const PS_VERSION: u16 = 0x0100;

// Largest PRE_SESSION_DATA payload accepted: a policy at the JSON parser's 1 MiB ceiling
// (json/limits.ts) plus an issuer chain; anything larger is refused before it is buffered.
export const PS_MAX_PAYLOAD: i32 = (1 << 20) + (64 << 10);

export function encodeMessage(type: u8, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(PS_HEADER_SIZE + payload.length);
  out[0] = type;
  writeU32(out, 4, <u32>payload.length);
  out.set(payload, PS_HEADER_SIZE);
  return out;
}

export function helloPayload(): Uint8Array {
  const p = new Uint8Array(PS_HELLO_LENGTH);
  p[0] = 0x4d; p[1] = 0x47; p[2] = 0x54; p[3] = 0x44; // "MGTD"
  p[4] = <u8>PS_VERSION; p[5] = <u8>(PS_VERSION >> 8); // lowest
  p[6] = <u8>PS_VERSION; p[7] = <u8>(PS_VERSION >> 8); // highest
  return p;
}

// The negotiated version, or "" and an error text in `err`.
export class HelloCheck {
  version: i32 = -1;
  error: string = "";
}

export function checkHello(p: Uint8Array): HelloCheck {
  const r = new HelloCheck();
  if (p.length != PS_HELLO_LENGTH) { r.error = "HELLO length " + p.length.toString() + " is not 8"; return r; }
  if (p[0] != 0x4d || p[1] != 0x47 || p[2] != 0x54 || p[3] != 0x44) { r.error = "HELLO magic is not MGTD"; return r; }
  const low = <i32>p[4] | (<i32>p[5] << 8);
  const high = <i32>p[6] | (<i32>p[7] << 8);
  // negotiated = min(highs) when max(lows) <= min(highs); only 0x0100 exists.
  const lo = max<i32>(low, <i32>PS_VERSION);
  const hi = min<i32>(high, <i32>PS_VERSION);
  if (low > high || lo > hi) { r.error = "no common pre-session version (peer " + low.toString(16) + ".." + high.toString(16) + ")"; return r; }
  r.version = hi;
  return r;
}

// u32 policy_len || policy || u32 chain_len || chain.
export function encodePeerData(policy: Uint8Array, chain: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + policy.length + chain.length);
  writeU32(out, 0, <u32>policy.length);
  out.set(policy, 4);
  writeU32(out, 4 + policy.length, <u32>chain.length);
  out.set(chain, 8 + policy.length);
  return out;
}

export class PeerData {
  policy: Uint8Array = new Uint8Array(0);
  chain: Uint8Array = new Uint8Array(0);
  error: string = "";
}

function u32At(b: Uint8Array, off: i32): i64 {
  return <i64>(<u32>b[off] | (<u32>b[off + 1] << 8) | (<u32>b[off + 2] << 16) | (<u32>b[off + 3] << 24));
}

// Receiver rules (§2.3): the lengths account for every byte exactly; both parts non-empty.
export function decodePeerData(b: Uint8Array): PeerData {
  const d = new PeerData();
  if (b.length < 4) { d.error = "peer data shorter than its policy length"; return d; }
  const pl = u32At(b, 0);
  if (pl == 0) { d.error = "peer data has an empty policy"; return d; }
  if (pl > <i64>(b.length - 8)) { d.error = "peer data policy length " + pl.toString() + " exceeds the message"; return d; }
  const p = <i32>pl;
  const cl = u32At(b, 4 + p);
  if (cl == 0) { d.error = "peer data has an empty issuer chain"; return d; }
  if (cl != <i64>(b.length - 8 - p)) { d.error = "peer data chain length " + cl.toString() + " does not match the " + (b.length - 8 - p).toString() + " bytes left"; return d; }
  d.policy = b.slice(4, 4 + p);
  d.chain = b.slice(8 + p);
  return d;
}
