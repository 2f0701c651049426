// The RAW host interface, `vmcall-raw` (GHCI 1.5 MigTD leaf, migtd.md §1.6): no Query; one
// WaitForRequest outstanding in a shared buffer sized for the largest request, re-read whenever
// the VMM raises vector 0x50; StartMigration becomes a session whose stream is Send/Receive on the
// same leaf (session/raw_transport.ts), as does a policy-v2 StartRebinding (session/rebinding.ts);
// GetTDReport, EnableLogArea and (V2) GetMigtdData are answered here; every
// request ends with a ReportStatus (with data) that the VMM acknowledges in the buffer header.
import { RawBuffer, COMPLETION_PENDING, COMPLETION_SUCCESS, releaseRetired, ANSWER_PENDING, ANSWER_ID, answeredRequestId } from "../vmm/raw/buffer";
import { trapAtIntake } from "../session/debug_flags";
import { rawWaitForRequest, rawReportStatus } from "../vmm/raw/leaf";
import { parseRawRequest, RawRequest } from "../vmm/raw/request";
import { hostReportData } from "../vmm/raw/td_report";
import { LogArea } from "../vmm/raw/log_area";
import {
  waitBufferPages, statusWord, RAW_HEADER_SIZE, RAW_PAGE, OP_START_MIGRATION, OP_START_REBINDING, OP_GET_TD_REPORT, OP_ENABLE_LOG_AREA,
  OP_GET_MIGTD_DATA,
} from "../vmm/raw/wire";
import { TDINFO_OFFSET, TDINFO_SIZE } from "../tdx/report";
import { mrReport, vpInfo } from "../tdx/tdcall";
import { VECTOR_SERVICE } from "../tdx/leaves";
import { RawOpener } from "../session/raw_transport";
import { describeRequest } from "../session/premigration";
import {
  RESULT_SUCCESS, RESULT_TDX_MODULE_ERROR, RESULT_OUT_OF_RESOURCE, resultName,
} from "../result/codes";
import { RawError } from "../result/raw";
import { resultFor } from "../result/map";
import { logInfo, logWarn, setLogSink, setLogRequest, NO_REQUEST } from "../util/log";
import { u64Hex } from "../util/hex";
import { HostInterface, StartedRequest } from "./host_interface";

// A WaitForRequest that could not be issued is retried after this long.
const WAIT_RETRY_MS: i64 = 50;

class RawReport {
  buf: RawBuffer | null = null;
  issued: bool = false;
  constructor(public requestId: u64, public code: u8, public data: Uint8Array) {}
}

// The log area outlives any one instance of the host object (it is the sink of util/log.ts).
let logArea: LogArea | null = null;

function logToArea(level: u32, requestId: u64, text: string): void {
  if (logArea !== null) logArea!.append(level, requestId, text);
}

// Installs the log area's provisional page as a log sink: from the first line of the boot on, so
// EnableLogArea hands the host everything logged before it.
export function installRawLogArea(): void {
  if (logArea !== null) return;
  logArea = new LogArea();
  setLogSink(logToArea);
}

export class RawHost extends HostInterface {
  private wait: RawBuffer | null = null;
  private waitPages: u32 = 1;
  private waitRetryAt: i64 = 0;
  private reports: RawReport[] = [];

  get name(): string { return "vmcall-raw"; }

  boot(): i32 {
    installRawLogArea();
    const policy = this.local.policy;
    const log = this.local.eventLog;
    this.waitPages = waitBufferPages(policy !== null ? policy.length : 0, log !== null ? log.length : 0);
    logInfo("host interface vmcall-raw: WaitForRequest buffer of " + this.waitPages.toString() + " pages");
    return 0;
  }

  wakeAt(nowMs: i64): i64 { return this.wait === null ? max<i64>(this.waitRetryAt, nowMs) : 0; }

  pollRequests(nowMs: i64, canAccept: bool): StartedRequest[] {
    const out: StartedRequest[] = [];
    const w = this.wait;
    if (w !== null) {
      // The VMM considers the request delivered once it answered: its id goes in flight before
      // anything that can trap (an allocation whose memory.grow fails), so a successor instance
      // reports it (session/inflight.ts). Copying and parsing come after.
      const answer = w.peekAnswer();
      if (answer == ANSWER_PENDING) return out;
      let recorded = false;
      const peekedId = answeredRequestId;
      if (answer == ANSWER_ID) {
        if (!this.inflight.has(peekedId)) recorded = this.inflight.add(peekedId);
        trapAtIntake();
      }
      const h = w.header();
      if (h !== null && h.empty) { if (recorded) this.inflight.remove(peekedId); return out; } // still waiting
      // The VMM answered: a private copy, then the buffer goes (a new WaitForRequest follows).
      let payload: Uint8Array | null = null;
      // At least the 8 bytes of the request id, so even a failed request can be answered.
      if (h !== null) payload = w.payload(min<i32>(max<i32>(8, <i32>min<u32>(h.length, <u32>w.capacity)), w.capacity));
      const capacity = w.capacity;
      w.free();
      this.wait = null;
      if (h === null || payload === null) {
        if (recorded) { this.inflight.remove(peekedId); recorded = false; }
        logWarn("vmm: cannot read the WaitForRequest buffer");
      } else {
        const req = parseRawRequest(h, payload, capacity, this.local.isV2);
        // The copy is what counts: the VMM may have rewritten the buffer between the two reads.
        if (recorded && (!req.hasId || req.requestId != peekedId)) { this.inflight.remove(peekedId); recorded = false; }
        this.dispatch(req, out, recorded);
      }
    }
    if (this.wait === null && canAccept && nowMs >= this.waitRetryAt) this.issueWait(nowMs);
    return out;
  }

  private issueWait(nowMs: i64): void {
    const b = RawBuffer.alloc(this.waitPages);
    if (b === null) { logWarn("no shared memory for WaitForRequest"); this.waitRetryAt = nowMs + WAIT_RETRY_MS; return; }
    if (!b.fill(0, new Uint8Array(0))) { b.free(); this.waitRetryAt = nowMs + WAIT_RETRY_MS; return; }
    const r = rawWaitForRequest(b.gpa, <u64>b.size, VECTOR_SERVICE);
    if (!r.ok) {
      logWarn("WaitForRequest VMCALL failed (GHCI status 0x" + r.ghciStatus.toString(16) + ")");
      b.free();
      this.waitRetryAt = nowMs + WAIT_RETRY_MS;
      return;
    }
    this.wait = b;
  }

  // `recorded`: this request's id was put in flight when its answer was seen (pollRequests).
  private dispatch(req: RawRequest, out: StartedRequest[], recorded: bool): void {
    const id = req.requestId;
    if (req.hasId) setLogRequest(id);
    if (!req.ok) {
      logWarn("vmm: rejected RAW request (operation " + req.op.toString() + "): " + req.error + " (" + resultName(req.code) + ")");
      if (req.hasId && (recorded || !this.inflight.has(id))) {
        if (!recorded) this.inflight.add(id);
        this.report(id, req.code);
      }
      setLogRequest(NO_REQUEST);
      return;
    }
    // §1.6: a request id already in progress is silently ignored.
    if (!recorded && this.inflight.has(id)) { logWarn("request " + u64Hex(id) + " is already in flight; duplicate ignored"); setLogRequest(NO_REQUEST); return; }
    if (!recorded) this.inflight.add(id);
    if (req.op == OP_START_MIGRATION) {
      const mi = req.info!;
      describeRequest(mi);
      out.push(new StartedRequest(mi, new RawOpener(id)));
    } else if (req.op == OP_GET_TD_REPORT) {
      const rep = mrReport(hostReportData());
      if (rep.ok) { logInfo("request " + u64Hex(id) + ": GetTDReport"); this.reportWith(id, RESULT_SUCCESS, rep.bytes); }
      else { logWarn("request " + u64Hex(id) + ": TDG.MR.REPORT failed, status " + u64Hex(rep.status)); this.report(id, RESULT_TDX_MODULE_ERROR); }
    } else if (req.op == OP_ENABLE_LOG_AREA) {
      this.enableLogArea(id, req.logLevel);
    } else if (req.op == OP_GET_MIGTD_DATA) {
      this.getMigtdData(id, req.reportData!);
    } else if (req.op == OP_START_REBINDING) {
      const mi = req.info!;
      logInfo("request " + u64Hex(id) + ": StartRebinding as the " + (mi.isSource ? "old" : "new") + " MigTD, binding handle " + u64Hex(mi.target.handle) +
        (mi.initTdInfo !== null ? ", with init TDINFO" : ""));
      out.push(new StartedRequest(mi, new RawOpener(id), true));
    }
    setLogRequest(NO_REQUEST);
  }

  // GetMigtdData (§1.6, op 5, V2): our TDINFO_STRUCT from a TD report over the VMM's reportdata.
  // The host learns what it could read from GetTDReport; the report's MAC part stays here.
  private getMigtdData(id: u64, reportData: Uint8Array): void {
    const rep = mrReport(reportData);
    if (!rep.ok) { logWarn("request " + u64Hex(id) + ": TDG.MR.REPORT failed, status " + u64Hex(rep.status)); this.report(id, RESULT_TDX_MODULE_ERROR); return; }
    logInfo("request " + u64Hex(id) + ": GetMigtdData");
    this.reportWith(id, RESULT_SUCCESS, rep.bytes.slice(TDINFO_OFFSET, TDINFO_OFFSET + TDINFO_SIZE));
  }

  private enableLogArea(id: u64, level: u8): void {
    const vp = vpInfo();
    if (!vp.ok) { logWarn("request " + u64Hex(id) + ": TDG.VP.INFO failed"); this.report(id, RESULT_TDX_MODULE_ERROR); return; }
    const data = logArea!.enable(level, vp.numVcpus, vp.vcpuIndex);
    if (data === null) { logWarn("request " + u64Hex(id) + ": log area unavailable"); this.report(id, resultFor(RawError.LogAreaUnavailable)); return; }
    logInfo("request " + u64Hex(id) + ": log area enabled for " + vp.numVcpus.toString() + " vCPUs at level " + logArea!.maxLevel.toString() +
      (logArea!.maxLevel < level ? " (capped)" : ""));
    this.reportWith(id, RESULT_SUCCESS, data);
  }

  report(requestId: u64, code: u8): void { this.reportWith(requestId, code, new Uint8Array(0)); }
  reportData(requestId: u64, code: u8, data: Uint8Array): void { this.reportWith(requestId, code, data); }

  private reportWith(requestId: u64, code: u8, data: Uint8Array): void {
    this.reports.push(new RawReport(requestId, code, data));
  }

  pollReports(): void {
    for (let i = 0; i < this.reports.length; ) {
      const rep = this.reports[i];
      setLogRequest(rep.requestId);
      if (!rep.issued) {
        if (!this.issueReport(rep)) { this.done(i, rep); continue; }
        i++;
        continue;
      }
      const h = rep.buf!.header();
      if (h !== null && h.completion == COMPLETION_PENDING) { i++; continue; }
      if (h === null || h.completion != COMPLETION_SUCCESS) {
        logWarn("request " + u64Hex(rep.requestId) + ": ReportStatus answered with data_status 0x" + (h !== null ? h.dataStatus.toString(16) : "?"));
      }
      this.done(i, rep);
    }
    setLogRequest(NO_REQUEST);
  }

  private issueReport(rep: RawReport): bool {
    const pages = <u32>((RAW_HEADER_SIZE + rep.data.length + RAW_PAGE - 1) / RAW_PAGE);
    const b = RawBuffer.alloc(pages);
    if (b === null) { logWarn("request " + u64Hex(rep.requestId) + ": no shared memory for ReportStatus (" + resultName(RESULT_OUT_OF_RESOURCE) + ")"); return false; }
    rep.buf = b;
    if (!b.fill(0, rep.data)) return false;
    logInfo("request " + u64Hex(rep.requestId) + ": ReportStatus " + rep.code.toString() + " (" + resultName(rep.code) + ")" +
      (rep.data.length > 0 ? ", " + rep.data.length.toString() + " bytes of data" : ""));
    const r = rawReportStatus(rep.requestId, statusWord(rep.code), b.gpa, <u64>b.size, VECTOR_SERVICE);
    if (!r.ok) { logWarn("request " + u64Hex(rep.requestId) + ": ReportStatus VMCALL failed (GHCI status 0x" + r.ghciStatus.toString(16) + ")"); return false; }
    rep.issued = true;
    return true;
  }

  private done(i: i32, rep: RawReport): void {
    if (rep.buf !== null) rep.buf!.free();
    this.reports.splice(i, 1);
    this.inflight.remove(rep.requestId);
    releaseRetired(rep.requestId);
  }
}
