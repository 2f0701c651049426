// The Quoting Enclave's SGX REPORTBODY (384 bytes, Intel SGX SDM "REPORT" minus KEYID/MAC), as
// carried in certification data type 6 (tdx-abi.md §5.2).
import { Reader } from "../util/reader";

export const QE_REPORT_LEN: i32 = 384;

// Field values until parsing sets them: all zero, of the field's size, shared (never written).
const ZERO16 = new Uint8Array(16);
const ZERO32 = new Uint8Array(32);
const ZERO64 = new Uint8Array(64);

export class QeReport {
  cpuSvn: Uint8Array = ZERO16;
  miscSelect: u32 = 0;
  attributes: Uint8Array = ZERO16;
  mrEnclave: Uint8Array = ZERO32;
  mrSigner: Uint8Array = ZERO32;
  isvProdId: u32 = 0;
  isvSvn: u32 = 0;
  reportData: Uint8Array = ZERO64;
}

export function parseQeReport(b: Uint8Array): QeReport {
  const q = new QeReport();
  if (b.length != QE_REPORT_LEN) return q;
  const r = new Reader(b);
  q.cpuSvn = r.bytes(16); // 0
  q.miscSelect = r.u32(); // 16
  r.skip(28); // 20 reserved
  q.attributes = r.bytes(16); // 48
  q.mrEnclave = r.bytes(32); // 64
  r.skip(32); // 96 reserved
  q.mrSigner = r.bytes(32); // 128
  r.skip(96); // 160 reserved
  q.isvProdId = r.u16(); // 256
  q.isvSvn = r.u16(); // 258
  r.skip(60); // 260 reserved
  q.reportData = r.bytes(64); // 320
  return q;
}
