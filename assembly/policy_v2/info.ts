// Evaluation info (spec migtd.md §3.5): what v2 rules compare, for the peer (from its verified
// report) and for this MigTD (`self`, from a fresh local quote). The collateral-derived parts
// (TCB evaluation number of the peer's FMSPC, CRL numbers) and the ServTD parts (ISVSVN by the
// TCB mapping, identity TCB level) always come from the LOCAL signed policy.
import { JsonWriter } from "../json/writer";
import { leU64, asciiOf } from "../util/bytes";
import { toUpperHex } from "../util/hex";
import { isoTime } from "../der/time";
import { parseTcbInfo } from "../attest/collateral/tcbinfo";
import { ST_CONFIG_SW, ST_OUT_OF_DATE_CONFIG } from "../attest/collateral/status";
import {
  VERIFIED_REPORT_SIZE, VR_FMSPC, VR_MEASUREMENT_SIZE, VR_MRTD, VR_RTMR0, VR_STATUS_SIZE, VR_TCB_DATE, VR_TCB_STATUS,
} from "../policy/report_layout";
import { SignedPolicyV2 } from "./parse";
import { isvsvnFor, levelFor } from "./servtd";
import { TI_MRTD, TI_RTMR0, MEASUREMENT_SIZE } from "../tdx/report";

export const UNKNOWN: i64 = -1;

export class EvalInfo {
  tcbDate: string = "";
  tcbStatus: string = "";
  tcbEvaluationNumber: i64 = UNKNOWN;
  fmspc: string = "";
  migtdIsvsvn: i64 = UNKNOWN; // UNKNOWN: measurements absent from the TCB mapping
  migtdTcbDate: string = "";
  migtdTcbStatus: string = "";
  pckCrlNum: i64 = UNKNOWN;
  rootCaCrlNum: i64 = UNKNOWN;

  write(w: JsonWriter, key: string): void {
    w.beginObject(key)
      .str("tcbDate", this.tcbDate).str("tcbStatus", this.tcbStatus).int("tcbEvaluationNumber", this.tcbEvaluationNumber)
      .str("fmspc", this.fmspc).int("migtdIsvsvn", this.migtdIsvsvn).str("migtdTcbDate", this.migtdTcbDate)
      .str("migtdTcbStatus", this.migtdTcbStatus).int("pckCrlNum", this.pckCrlNum).int("rootCaCrlNum", this.rootCaCrlNum)
      .endObject();
  }
}

// The servtd part of the info (§3.5): ISVSVN by the policy's TCB mapping of the MigTD's MRTD and
// RTMRs, then the identity TCB level for it (highest isvsvn <= that ISVSVN).
function setMigtdIdentity(e: EvalInfo, policy: SignedPolicyV2, mrtd: Uint8Array, rtmrs: Uint8Array[]): void {
  e.migtdIsvsvn = isvsvnFor(policy.servtd.mapping, mrtd, rtmrs);
  if (e.migtdIsvsvn == UNKNOWN) return;
  const l = levelFor(policy.servtd.identity, e.migtdIsvsvn);
  if (l === null) return;
  e.migtdTcbDate = l.tcbDate;
  e.migtdTcbStatus = l.tcbStatus;
}

const LONG_STATUSES: string[] = [ST_CONFIG_SW, ST_OUT_OF_DATE_CONFIG];

// The status field holds 31 characters and a NUL (attest/verified_report.ts), and
// "ConfigurationAndSWHardeningNeeded" has 33: a full field is read back as the status it is the
// prefix of.
function statusAt(r: Uint8Array, off: i32): string {
  let n = 0;
  while (n < VR_STATUS_SIZE && r[off + n] != 0) n++;
  const s = asciiOf(r.subarray(off, off + n));
  if (n < VR_STATUS_SIZE - 1) return s;
  for (let i = 0; i < LONG_STATUSES.length; i++) if (LONG_STATUSES[i].startsWith(s)) return LONG_STATUSES[i];
  return s;
}

// Null when the report is not a verified report.
export function evalInfoOf(policy: SignedPolicyV2, report: Uint8Array): EvalInfo | null {
  if (report.length != VERIFIED_REPORT_SIZE) return null;
  const e = new EvalInfo();
  const date = <i64>leU64(report.subarray(VR_TCB_DATE, VR_TCB_DATE + 8));
  e.tcbDate = date == 0 ? "" : isoTime(date);
  e.tcbStatus = statusAt(report, VR_TCB_STATUS);
  e.fmspc = toUpperHex(report.subarray(VR_FMSPC, VR_FMSPC + 6));
  const plats = policy.collateral.platforms;
  for (let i = 0; i < plats.length; i++) {
    if (plats[i].fmspc != e.fmspc) continue;
    const t = parseTcbInfo(plats[i].tcbInfo.body);
    if (t.info !== null) e.tcbEvaluationNumber = t.info!.evaluationDataNumber;
    break;
  }
  const rtmrs = new Array<Uint8Array>();
  for (let i = 0; i < 4; i++) {
    const off = VR_RTMR0 + i * VR_MEASUREMENT_SIZE;
    rtmrs.push(report.slice(off, off + VR_MEASUREMENT_SIZE));
  }
  setMigtdIdentity(e, policy, report.slice(VR_MRTD, VR_MRTD + VR_MEASUREMENT_SIZE), rtmrs);
  e.pckCrlNum = policy.pckCrlNum;
  e.rootCaCrlNum = policy.rootCaCrlNum;
  return e;
}

// For a V2 rebinding (§2.9): the MigTD identity parts only, from a TDINFO_STRUCT the TDX module
// vouched for (TDG.MR.VERIFYREPORT). Both MigTDs of a rebinding run on one platform, so there is
// no peer platform TCB to judge: the platform fields stay empty and unknown.
export function evalInfoOfTdInfo(policy: SignedPolicyV2, tdInfo: Uint8Array): EvalInfo {
  const e = new EvalInfo();
  const rtmrs = new Array<Uint8Array>();
  for (let i = 0; i < 4; i++) rtmrs.push(tdInfo.slice(TI_RTMR0 + i * MEASUREMENT_SIZE, TI_RTMR0 + (i + 1) * MEASUREMENT_SIZE));
  setMigtdIdentity(e, policy, tdInfo.slice(TI_MRTD, TI_MRTD + MEASUREMENT_SIZE), rtmrs);
  return e;
}
