// The verified report ("supplemental data", 822 bytes packed; migtd.md §2.6) built from a quote
// that passed verification: what the policy engine (assembly/policy/) compares. Only a
// VerifiedQuote can be turned into one. With collateral it carries what Intel's supplemental data
// carries for the policy: TCB status and QE TCB status, the effective / platform / QE TCB level
// dates, and the QE's MISCSELECT and ATTRIBUTES ANDed with the QE identity's masks (with the masks
// beside them; migtd.md §2.6). Advisory IDs have no field in the 822 bytes and are not carried.
// Without collateral the QE masks are all ones and the TCB dates and statuses are empty (zero),
// since nothing was evaluated.
import { VerifiedQuote } from "./verify";
import {
  VERIFIED_REPORT_SIZE, VR_FMSPC, VR_MEASUREMENT_SIZE, VR_MRCONFIGID, VR_MROWNER, VR_MROWNERCONFIG, VR_MRSEAM,
  VR_MRSIGNERSEAM, VR_MRTD, VR_PCE_SVN, VR_QE_ATTRIBUTES, VR_QE_ATTRIBUTES_MASK, VR_QE_ISVPRODID, VR_QE_ISVSVN,
  VR_QE_MISCSELECT, VR_QE_MISCSELECT_MASK, VR_TCB_DATE, VR_PLATFORM_TCB_DATE, VR_QE_TCB_DATE, VR_QE_MRENCLAVE, VR_QE_MRSIGNER, VR_QE_TCB_STATUS, VR_REPORTDATA, VR_RTMR0,
  VR_SEAM_ATTRIBUTES, VR_SGX_TCB_COMPONENTS, VR_STATUS_SIZE, VR_TCB_STATUS, VR_TD_ATTRIBUTES, VR_TDX_MODULE_MAJOR,
  VR_TDX_MODULE_SVN, VR_TDX_TCB_COMPONENTS, VR_TEE_TCB_SVN, VR_XFAM,
} from "../policy/report_layout";

// Copies up to `len` bytes of b to out[off ..] (fewer when b is shorter); the layout's offsets
// keep every field inside `out`, and the clamp keeps the copy there regardless.
function put(out: Uint8Array, off: i32, b: Uint8Array, len: i32): void {
  const n = min(min(len, b.length), out.length - off);
  if (n > 0) memory.copy(out.dataStart + <usize>off, b.dataStart, <usize>n);
}

function putAscii(out: Uint8Array, off: i32, s: string, len: i32): void {
  // NUL-terminated within `len` bytes.
  for (let i = 0; i < s.length && i < len - 1; i++) out[off + i] = <u8>s.charCodeAt(i);
}

export function verifiedReportOf(v: VerifiedQuote): Uint8Array {
  const out = new Uint8Array(VERIFIED_REPORT_SIZE);
  const b = v.quote.body;
  put(out, VR_TEE_TCB_SVN, b.teeTcbSvn, 16);
  put(out, VR_MRSEAM, b.mrSeam, 48);
  put(out, VR_MRSIGNERSEAM, b.mrSignerSeam, 48);
  put(out, VR_SEAM_ATTRIBUTES, b.seamAttributes, 8);
  put(out, VR_TD_ATTRIBUTES, b.tdAttributes, 8);
  put(out, VR_XFAM, b.xfam, 8);
  put(out, VR_MRTD, b.mrtd, 48);
  put(out, VR_MRCONFIGID, b.mrConfigId, 48);
  put(out, VR_MROWNER, b.mrOwner, 48);
  put(out, VR_MROWNERCONFIG, b.mrOwnerConfig, 48);
  for (let i = 0; i < 4 && i < b.rtmr.length; i++) put(out, VR_RTMR0 + VR_MEASUREMENT_SIZE * i, b.rtmr[i], 48);
  put(out, VR_REPORTDATA, b.reportData, 64);
  put(out, VR_FMSPC, v.pck.fmspc, 6);
  put(out, VR_TDX_TCB_COMPONENTS, b.teeTcbSvn, 16); // TDX TCB components are the TEE_TCB_SVN bytes
  const pceSvn = v.pck.pceSvn < 0 ? 0 : v.pck.pceSvn;
  out[VR_PCE_SVN] = <u8>(pceSvn & 0xff);
  out[VR_PCE_SVN + 1] = <u8>((pceSvn >> 8) & 0xff);
  for (let i = 0; i < 16 && i < v.pck.sgxComponents.length; i++) out[VR_SGX_TCB_COMPONENTS + i] = <u8>v.pck.sgxComponents[i];
  // TEE_TCB_SVN byte 1 is the TDX module's major version, byte 0 its SVN (attest/collateral/match.ts).
  out[VR_TDX_MODULE_MAJOR] = b.teeTcbSvn[1];
  out[VR_TDX_MODULE_SVN] = b.teeTcbSvn[0];
  const qe = v.quote.qeReport;
  const tcb = v.tcb;
  const miscMask: u32 = tcb !== null ? tcb.qeMiscSelectMask : 0xffff_ffff;
  store<u32>(out.dataStart + VR_QE_MISCSELECT, qe.miscSelect & miscMask);
  store<u32>(out.dataStart + VR_QE_MISCSELECT_MASK, miscMask);
  for (let i = 0; i < 16; i++) {
    const m: u8 = tcb !== null && tcb.qeAttributesMask.length == 16 ? tcb.qeAttributesMask[i] : 0xff;
    const a: u8 = i < qe.attributes.length ? qe.attributes[i] : 0;
    out[VR_QE_ATTRIBUTES + i] = a & m;
    out[VR_QE_ATTRIBUTES_MASK + i] = m;
  }
  put(out, VR_QE_MRENCLAVE, qe.mrEnclave, 32);
  put(out, VR_QE_MRSIGNER, qe.mrSigner, 32);
  store<u16>(out.dataStart + VR_QE_ISVPRODID, <u16>qe.isvProdId);
  store<u16>(out.dataStart + VR_QE_ISVSVN, <u16>qe.isvSvn);
  if (tcb !== null) {
    store<i64>(out.dataStart + VR_TCB_DATE, tcb.tcbDate);
    store<i64>(out.dataStart + VR_PLATFORM_TCB_DATE, tcb.platformTcbDate);
    store<i64>(out.dataStart + VR_QE_TCB_DATE, tcb.qeTcbDate);
    putAscii(out, VR_TCB_STATUS, tcb.status, VR_STATUS_SIZE);
    putAscii(out, VR_QE_TCB_STATUS, tcb.qeStatus, VR_STATUS_SIZE);
  }
  return out;
}
