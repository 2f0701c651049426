// GET_COLLATERAL over the GetQuote VMCALL (migtd.md §1.7), as Intel's servtd attestation library
// frames it: the same GHCI buffer as GetQuote (quote_request.ts), a 4-byte big-endian length, and
// a QGS message. Layout from Intel DCAP's QGS message library (qgs_msg_lib,
// qgs_msg_gen_get_collateral_req / qgs_msg_inflate_get_collateral_resp):
//   GET_COLLATERAL_REQ  (type 2): header | fmspc_size u32 | pckca_size u32 | FMSPC | PCK CA name
//                                 (NUL-terminated, e.g. "platform\0")
//   GET_COLLATERAL_RESP (type 3): header | major u16 | minor u16 | seven u32 sizes, in this order:
//                                 PCK CRL issuer chain, root CA CRL, PCK CRL, TCB info issuer chain,
//                                 TCB info, QE identity issuer chain, QE identity | the seven blobs.
// The library's size accounting counts the two version fields twice, so its messages end with 4
// zero bytes after the blobs (header.size = 48 + blobs + 4); a message without them is accepted
// too. On error, header.error_code is non-zero and every size is 0. Pure functions over bytes.
import { QGS_HEADER, frameQgsMessage, openQgsFrame, qgsRequest } from "./quote_request";

export const QGS_GET_COLLATERAL_REQ: u32 = 2;
export const QGS_GET_COLLATERAL_RESP: u32 = 3;
const RESP_FIXED: i32 = QGS_HEADER + 4 + 7 * 4; // 48
export const COLLATERAL_BLOBS: i32 = 7;
export const BLOB_PCK_CRL_CHAIN: i32 = 0;
export const BLOB_ROOT_CRL: i32 = 1;
export const BLOB_PCK_CRL: i32 = 2;
export const BLOB_TCB_INFO_CHAIN: i32 = 3;
export const BLOB_TCB_INFO: i32 = 4;
export const BLOB_QE_IDENTITY_CHAIN: i32 = 5;
export const BLOB_QE_IDENTITY: i32 = 6;
// Real collateral is 15-40 KiB (the TCB info grows with its levels); one blob above this is refused.
export const MAX_COLLATERAL_BLOB: i32 = 48 * 1024;

export function encodeCollateralRequest(fmspc: Uint8Array, pckCa: string): Uint8Array {
  const ca = String.UTF8.encode(pckCa, true); // with its NUL, as the library sends strlen + 1
  const caLen = ca.byteLength;
  const msg = qgsRequest(QGS_GET_COLLATERAL_REQ, <u32>fmspc.length, <u32>caLen, fmspc.length + caLen);
  msg.set(fmspc, QGS_HEADER + 8);
  memory.copy(msg.dataStart + QGS_HEADER + 8 + fmspc.length, changetype<usize>(ca), caLen);
  return frameQgsMessage(msg);
}

export class CollateralResponse {
  status: u64 = 0;
  blobs: Uint8Array[] = []; // COLLATERAL_BLOBS entries on success
  qgsError: u32 = 0; // the QGS's error_code, when it sent one
  error: string = "";
}

function failed(out: CollateralResponse, msg: string): CollateralResponse {
  out.error = msg;
  return out;
}

// Reads a private copy of the GetQuote buffer after completion.
export function decodeCollateralResponse(buf: Uint8Array): CollateralResponse {
  const out = new CollateralResponse();
  const f = openQgsFrame(buf, "collateral", RESP_FIXED - QGS_HEADER);
  out.status = f.status;
  if (f.error.length > 0) return failed(out, f.error);
  const m = f.body;
  if (m === null) return out;
  const msgLen = m.remaining + QGS_HEADER;
  m.u16(); // collateral major version
  m.u16(); // collateral minor version
  const sizes = new Array<i32>(COLLATERAL_BLOBS);
  let total: i64 = 0;
  for (let i = 0; i < COLLATERAL_BLOBS; i++) {
    const n = m.u32();
    if (n > <u32>MAX_COLLATERAL_BLOB) return failed(out, "collateral blob " + i.toString() + " is " + n.toString() + " bytes, over the limit");
    sizes[i] = <i32>n;
    total += <i64>n;
  }
  if (m.failed || f.type != QGS_GET_COLLATERAL_RESP) return failed(out, "malformed QGS GET_COLLATERAL_RESP");
  if (f.errorCode != 0) {
    out.qgsError = f.errorCode;
    return failed(out, "quote service error 0x" + f.errorCode.toString(16) + " for GET_COLLATERAL");
  }
  if (<i64>msgLen != <i64>RESP_FIXED + total && <i64>msgLen != <i64>RESP_FIXED + total + 4) return failed(out, "GET_COLLATERAL_RESP sizes do not add up to its length");
  for (let i = 0; i < COLLATERAL_BLOBS; i++) {
    if (sizes[i] == 0) return failed(out, "GET_COLLATERAL_RESP has an empty collateral part " + i.toString());
    out.blobs.push(m.bytes(sizes[i]));
  }
  if (m.failed) return failed(out, "GET_COLLATERAL_RESP truncated");
  return out;
}
