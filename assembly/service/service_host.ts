// The Service host interface (migtd.md §1.4): TDG.VP.VMCALL<Service> with Query once at boot, one
// WaitForRequest outstanding (its response a HOB list with MigtdMigrationInformation and the
// stream-socket HOB) and ReportStatus per finished request; the peer stream over vsock.
import { ServiceCall, CALL_PENDING, CALL_DONE, answerPage } from "../vmm/service_call";
import {
  buildQuery, buildWaitForRequest, buildReportStatus, parseQueryResponse, parseWaitResponse,
  parseReportStatusResponse, OP_NONE, peekWaitRequestId, peekedRequestId, SERVICE_PAGE_SIZE,
} from "../vmm/messages";
import { trapAtIntake } from "../session/debug_flags";
import { parseMigrationInfo, parseStreamSocketInfo, MIGRATION_INFO_SIZE } from "../vmm/migration_info";
import { TransportOpener, VsockOpener } from "../session/transport";
import { describeRequest } from "../session/premigration";
import { RESULT_INVALID_PARAMETER, RESULT_INITIALIZATION_ERROR, RESULT_UNSUPPORTED, resultName } from "../result/codes";
import { logError, logInfo, logWarn } from "../util/log";
import { u64Hex } from "../util/hex";
import { HostInterface, StartedRequest, BOOT_PENDING, BOOT_READY } from "./host_interface";

// After a WaitForRequest that returned "nothing yet", poll again after this long.
const EMPTY_WAIT_RETRY_MS: i64 = 50;
// A WaitForRequest the VMM refused to take (GHCI RETRY: busy) is tried again after a back-off
// doubling from EMPTY_WAIT_RETRY_MS up to this, reset once one is issued.
const MAX_WAIT_RETRY_MS: i64 = 1000;

class Report {
  call: ServiceCall | null = null;
  constructor(public requestId: u64, public code: u8) {}
}

export class ServiceHost extends HostInterface {
  private query: ServiceCall | null = null;
  private wait: ServiceCall | null = null;
  private waitRetryAt: i64 = 0;
  private waitIssueFailures: i32 = 0;
  private reports: Report[] = [];

  get name(): string { return "vmcall-service"; }

  boot(): i32 {
    this.query = ServiceCall.issue(buildQuery());
    if (this.query!.state != CALL_PENDING) {
      logError("Query failed: " + this.query!.error);
      return RESULT_INITIALIZATION_ERROR;
    }
    return 0;
  }

  pollBoot(): i32 {
    const q = this.query;
    if (q === null) return BOOT_READY;
    const s = q.poll();
    if (s == CALL_PENDING) return BOOT_PENDING;
    if (s != CALL_DONE) { logError("Query failed: " + q.error); return RESULT_INITIALIZATION_ERROR; }
    const r = parseQueryResponse(q.response);
    if (r.error.length > 0 || !r.supported) {
      logError("the VMM does not support the MigTD service" + (r.error.length > 0 ? ": " + r.error : ""));
      return RESULT_UNSUPPORTED;
    }
    this.query = null;
    return BOOT_READY;
  }

  pollRequests(nowMs: i64, canAccept: bool): StartedRequest[] {
    const out: StartedRequest[] = [];
    this.pollWait(nowMs, out);
    if (this.wait === null && canAccept && nowMs >= this.waitRetryAt) this.issueWait(nowMs);
    return out;
  }

  wakeAt(nowMs: i64): i64 { return this.wait === null ? max<i64>(this.waitRetryAt, nowMs) : 0; }

  // The MigTD must keep taking requests whatever transient refusals it meets: a refused
  // WaitForRequest is retried, never given up on.
  private issueWait(nowMs: i64): void {
    const call = ServiceCall.issue(buildWaitForRequest());
    if (call.state != CALL_PENDING) {
      let delay: i64 = EMPTY_WAIT_RETRY_MS;
      for (let i = 0; i < this.waitIssueFailures && delay < MAX_WAIT_RETRY_MS; i++) delay <<= 1;
      if (delay > MAX_WAIT_RETRY_MS) delay = MAX_WAIT_RETRY_MS;
      this.waitIssueFailures++;
      logWarn("WaitForRequest could not be issued: " + call.error + "; retrying in " + delay.toString() + " ms");
      this.waitRetryAt = nowMs + delay;
      return;
    }
    this.waitIssueFailures = 0;
    this.wait = call;
  }

  private pollWait(nowMs: i64, out: StartedRequest[]): void {
    const call = this.wait;
    if (call === null) return;
    const s = call.pollInPlace();
    if (s == CALL_PENDING) return;
    // The VMM considers the request delivered now: its id goes in flight before anything that can
    // trap (an allocation whose memory.grow fails), so a successor instance reports it
    // (session/inflight.ts). Copying and parsing come after.
    let recorded = false;
    let peekedId: u64 = 0;
    if (s == CALL_DONE && peekWaitRequestId(answerPage, SERVICE_PAGE_SIZE) == 0) {
      peekedId = peekedRequestId;
      if (!this.inflight.has(peekedId)) recorded = this.inflight.add(peekedId);
      trapAtIntake();
    }
    if (s == CALL_DONE) call.takeResponse();
    this.wait = null;
    if (s != CALL_DONE) { logWarn("WaitForRequest failed: " + call.error); this.waitRetryAt = nowMs + EMPTY_WAIT_RETRY_MS; return; }
    const w = parseWaitResponse(call.response);
    let requestId: u64 = 0;
    let hasId = false;
    let error = w.error;
    let info = w.hobs !== null ? w.hobs!.migrationInfo : null;
    const parsed = info !== null ? parseMigrationInfo(info, MIGRATION_INFO_SIZE, this.local.isV2) : null;
    if (parsed !== null) {
      requestId = parsed.requestId;
      hasId = parsed.hasRequestId;
    }
    // The copy is what counts: the VMM may have rewritten the page between the two reads.
    if (recorded && (!hasId || requestId != peekedId)) { this.inflight.remove(peekedId); recorded = false; }
    if (w.error.length == 0 && w.operation == OP_NONE) { this.waitRetryAt = nowMs + EMPTY_WAIT_RETRY_MS; return; }
    this.waitRetryAt = 0;
    if (parsed !== null) {
      if (error.length == 0 && parsed.error.length > 0) error = parsed.error;
      if (error.length == 0) {
        const mi = parsed.info!;
        if (!recorded && this.inflight.has(mi.requestId)) { logWarn("request " + u64Hex(mi.requestId) + " is already in flight; duplicate ignored"); return; }
        if (!recorded) this.inflight.add(mi.requestId);
        describeRequest(mi);
        const sock = w.hobs!.streamSocketInfo;
        const socket = sock !== null ? parseStreamSocketInfo(sock) : null;
        const opener: TransportOpener | null = socket !== null ? new VsockOpener(socket.cid, socket.channelPort) : null;
        out.push(new StartedRequest(mi, opener));
        return;
      }
    }
    logWarn("vmm: rejected WaitForRequest response: " + error + " (InvalidParameter)");
    if (hasId && (recorded || !this.inflight.has(requestId))) {
      if (!recorded) this.inflight.add(requestId);
      this.report(requestId, RESULT_INVALID_PARAMETER);
    }
  }

  report(requestId: u64, code: u8): void {
    this.reports.push(new Report(requestId, code));
  }

  pollReports(): void {
    for (let i = 0; i < this.reports.length; ) {
      const rep = this.reports[i];
      if (rep.call === null) {
        rep.call = ServiceCall.issue(buildReportStatus(rep.requestId, rep.code));
        logInfo("request " + u64Hex(rep.requestId) + ": ReportStatus " + rep.code.toString() + " (" + resultName(rep.code) + ")");
      }
      const call = rep.call!;
      const s = call.poll();
      if (s == CALL_PENDING) { i++; continue; }
      if (s == CALL_DONE) {
        const err = parseReportStatusResponse(call.response);
        if (err.length > 0) logWarn("request " + u64Hex(rep.requestId) + ": ReportStatus response rejected: " + err);
      } else {
        logWarn("request " + u64Hex(rep.requestId) + ": ReportStatus failed: " + call.error);
      }
      this.reports.splice(i, 1);
      this.inflight.remove(rep.requestId);
    }
  }
}
