// The verified report ("supplemental data", 822 bytes packed; migtd.md §2.6) built from a quote
// that passed verification: what the policy engine (assembly/policy/) compares. Only a
// VerifiedQuote can be turned into one. Without collateral the QE masks are all ones and the TCB
// dates and statuses are empty (zero), since nothing was evaluated.
import { VerifiedQuote } from "./verify";
import { VERIFIED_REPORT_SIZE } from "../policy/report";

function put(out: Uint8Array, off: i32, b: Uint8Array, len: i32): void {
  for (let i = 0; i < len && i < b.length; i++) out[off + i] = b[i];
}

function putAscii(out: Uint8Array, off: i32, s: string, len: i32): void {
  // NUL-terminated within `len` bytes.
  for (let i = 0; i < s.length && i < len - 1; i++) out[off + i] = <u8>s.charCodeAt(i);
}

export function verifiedReportOf(v: VerifiedQuote): Uint8Array {
  const out = new Uint8Array(VERIFIED_REPORT_SIZE);
  const b = v.quote.body;
  put(out, 0, b.teeTcbSvn, 16);
  put(out, 16, b.mrSeam, 48);
  put(out, 64, b.mrSignerSeam, 48);
  put(out, 112, b.seamAttributes, 8);
  put(out, 120, b.tdAttributes, 8);
  put(out, 128, b.xfam, 8);
  put(out, 136, b.mrtd, 48);
  put(out, 184, b.mrConfigId, 48);
  put(out, 232, b.mrOwner, 48);
  put(out, 280, b.mrOwnerConfig, 48);
  for (let i = 0; i < 4 && i < b.rtmr.length; i++) put(out, 328 + 48 * i, b.rtmr[i], 48);
  put(out, 520, b.reportData, 64);
  put(out, 584, v.pck.fmspc, 6);
  put(out, 590, b.teeTcbSvn, 16); // TDX TCB components are the TEE_TCB_SVN bytes
  const pceSvn = v.pck.pceSvn < 0 ? 0 : v.pck.pceSvn;
  out[606] = <u8>(pceSvn & 0xff);
  out[607] = <u8>((pceSvn >> 8) & 0xff);
  for (let i = 0; i < 16 && i < v.pck.sgxComponents.length; i++) out[608 + i] = <u8>v.pck.sgxComponents[i];
  // TEE_TCB_SVN byte 1 is the TDX module's major version, byte 0 its SVN (attest/collateral/match.ts).
  out[624] = b.teeTcbSvn[1];
  out[625] = b.teeTcbSvn[0];
  const qe = v.quote.qeReport;
  store<u32>(out.dataStart + 626, qe.miscSelect);
  store<u32>(out.dataStart + 630, 0xffff_ffff);
  put(out, 634, qe.attributes, 16);
  for (let i = 0; i < 16; i++) out[650 + i] = 0xff;
  put(out, 666, qe.mrEnclave, 32);
  put(out, 698, qe.mrSigner, 32);
  store<u16>(out.dataStart + 730, <u16>qe.isvProdId);
  store<u16>(out.dataStart + 732, <u16>qe.isvSvn);
  const tcb = v.tcb;
  if (tcb !== null) {
    putAscii(out, 742, tcb.status, 32);
    putAscii(out, 790, tcb.qeStatus, 32);
  }
  return out;
}
