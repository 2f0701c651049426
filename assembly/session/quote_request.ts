// The GetQuote shared buffer as MigTD's attestation library fills it (migtd.md §1.7,
// tdx-abi.md §4.6): GHCI header {version u64 = 1, status u64, in_len u32, out_len u32}, then a
// 4-byte big-endian message length and a QGS message: header {major u16 = 1, minor u16 = 0,
// type u32, size u32 (whole message), error_code u32}; GET_QUOTE_REQ (type 0) carries
// report_size u32 = 1024, id_list_size u32 = 0 and the TD report; GET_QUOTE_RESP (type 1)
// carries selected_id_size u32, quote_size u32, the id and the quote. Pure functions over bytes.
import { Reader } from "../util/reader";

export const GHCI_QUOTE_HEADER: i32 = 24;
export const QGS_HEADER: i32 = 16;
export const QGS_GET_QUOTE_REQ: u32 = 0;
export const QGS_GET_QUOTE_RESP: u32 = 1;
export const QUOTE_STATUS_SUCCESS: u64 = 0;
export const QUOTE_STATUS_IN_FLIGHT: u64 = 0xffff_ffff_ffff_ffff;
export const QUOTE_STATUS_ERROR: u64 = 0x8000_0000_0000_0000;
export const QUOTE_STATUS_UNAVAILABLE: u64 = 0x8000_0000_0000_0001;
// A TDX quote with its certification data is about 5 KiB; larger answers are refused.
export const MAX_QUOTE_SIZE: i32 = 0x4000;

function be32(b: Uint8Array, off: i32, v: u32): void {
  b[off] = <u8>(v >> 24); b[off + 1] = <u8>(v >> 16); b[off + 2] = <u8>(v >> 8); b[off + 3] = <u8>v;
}

// A QGS message in the GHCI buffer: header {version 1, status 0, in_len, out_len 0}, then the
// message's big-endian length and the message.
export function frameQgsMessage(msg: Uint8Array): Uint8Array {
  const b = new Uint8Array(GHCI_QUOTE_HEADER + 4 + msg.length);
  const p = b.dataStart;
  store<u64>(p, 1); // version
  store<u64>(p + 8, 0); // status
  store<u32>(p + 16, <u32>(4 + msg.length)); // in_len
  store<u32>(p + 20, 0); // out_len
  be32(b, GHCI_QUOTE_HEADER, <u32>msg.length);
  b.set(msg, GHCI_QUOTE_HEADER + 4);
  return b;
}

// A QGS request: header {major 1, minor 0, type, size = the whole message, error_code 0}, then
// the two u32 sizes every request of ours starts with, then `body` bytes left for the caller.
export function qgsRequest(type: u32, size0: u32, size1: u32, body: i32): Uint8Array {
  const msgLen = QGS_HEADER + 8 + body;
  const msg = new Uint8Array(msgLen);
  const m = msg.dataStart;
  store<u16>(m, 1);
  store<u16>(m + 2, 0);
  store<u32>(m + 4, type);
  store<u32>(m + 8, <u32>msgLen);
  store<u32>(m + 12, 0);
  store<u32>(m + 16, size0);
  store<u32>(m + 20, size1);
  return msg;
}

export function encodeQuoteRequest(tdReport: Uint8Array): Uint8Array {
  const msg = qgsRequest(QGS_GET_QUOTE_REQ, <u32>tdReport.length, 0, tdReport.length);
  msg.set(tdReport, QGS_HEADER + 8);
  return frameQgsMessage(msg);
}

export class QuoteResponse {
  status: u64 = QUOTE_STATUS_IN_FLIGHT;
  quote: Uint8Array | null = null;
  error: string = "";
}

// What every completed GetQuote buffer starts with: the GHCI header {version 1, status, in_len,
// out_len}, the QGS message's big-endian length, and the QGS header. On a success status with a
// well-formed frame, `body` reads the message after the QGS header; `error` names what is wrong.
export class QgsFrame {
  status: u64 = QUOTE_STATUS_IN_FLIGHT;
  error: string = "";
  type: u32 = 0;
  errorCode: u32 = 0;
  body: Reader | null = null;
}

// `what` names the buffer in errors ("quote", "collateral"); `minBody` is the least a response
// carries after the QGS header.
export function openQgsFrame(buf: Uint8Array, what: string, minBody: i32): QgsFrame {
  const out = new QgsFrame();
  const r = new Reader(buf);
  const version = r.u64();
  out.status = r.u64();
  r.u32(); // in_len
  const outLen = <i32>r.u32();
  if (r.failed) { out.error = what + " buffer shorter than its header"; return out; }
  if (version != 1) { out.error = what + " buffer version " + version.toString(); return out; }
  if (out.status != QUOTE_STATUS_SUCCESS) return out;
  if (outLen < 4 + QGS_HEADER + minBody || outLen > buf.length - GHCI_QUOTE_HEADER) { out.error = what + " out_len " + outLen.toString() + " invalid"; return out; }
  const d = GHCI_QUOTE_HEADER;
  const msgLen = (<i32>buf[d] << 24) | (<i32>buf[d + 1] << 16) | (<i32>buf[d + 2] << 8) | <i32>buf[d + 3];
  if (msgLen != outLen - 4) { out.error = "QGS message length " + msgLen.toString() + " does not match out_len"; return out; }
  const m = new Reader(buf, d + 4, d + 4 + msgLen);
  const major = m.u16();
  m.u16(); // minor
  out.type = m.u32();
  const size = m.u32();
  out.errorCode = m.u32();
  if (m.failed || major != 1 || <i32>size != msgLen) { out.error = "malformed QGS header in the " + what + " buffer"; return out; }
  out.body = m;
  return out;
}

// Reads the GHCI status and, on success, the quote out of a private copy of the buffer.
export function decodeQuoteResponse(buf: Uint8Array): QuoteResponse {
  const out = new QuoteResponse();
  const f = openQgsFrame(buf, "quote", 8);
  out.status = f.status;
  out.error = f.error;
  const m = f.body;
  if (m === null) return out;
  const idSize = <i32>m.u32();
  const quoteSize = <i32>m.u32();
  if (m.failed || f.type != QGS_GET_QUOTE_RESP) { out.error = "malformed QGS GET_QUOTE_RESP"; return out; }
  if (f.errorCode != 0) { out.error = "quote service error " + f.errorCode.toString(); return out; }
  if (quoteSize <= 0 || quoteSize > MAX_QUOTE_SIZE) { out.error = "quote size " + quoteSize.toString() + " invalid"; return out; }
  m.skip(idSize);
  const quote = m.bytes(quoteSize);
  if (m.failed || m.remaining != 0) { out.error = "QGS response lengths inconsistent"; return out; }
  out.quote = quote;
  return out;
}
