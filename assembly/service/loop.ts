// The MigTD main loop (migtd.md §1.8) as a poll-driven state machine: Query once, then keep one
// WaitForRequest outstanding while fewer than MAX_CONCURRENT_REQUESTS requests are in flight, step
// every pre-migration, and report each result with ReportStatus. It never blocks: the driver
// (migtd_run here, or a host calling migtd_poll) sleeps between turns.
import { EV_SERVICE, EV_QUOTE, EV_CHANNEL } from "../abi";
import { ServiceCall, CALL_PENDING, CALL_DONE } from "../vmm/service_call";
import {
  buildQuery, buildWaitForRequest, buildReportStatus, parseQueryResponse, parseWaitResponse,
  parseReportStatusResponse, OP_NONE,
} from "../vmm/messages";
import { parseMigrationInfo, parseStreamSocketInfo, MIGRATION_INFO_SIZE, StreamSocketInfo } from "../vmm/migration_info";
import { LocalConfig } from "../session/local_config";
import { PreMigration, STEP_RUNNING, describeRequest } from "../session/premigration";
import { InFlight, MAX_CONCURRENT_REQUESTS } from "../session/inflight";
import {
  RESULT_INVALID_PARAMETER, RESULT_INITIALIZATION_ERROR, RESULT_UNSUPPORTED, resultName, RESULT_INVALID_POLICY } from "../result/codes";
import { logError, logInfo, logWarn } from "../util/log";
import { u64Hex } from "../util/hex";

export const VERSION: string = "0.1.0";

// How long the driver may sleep when only the VMM can wake us (it does so with vector 0x50).
const IDLE_WAIT_MS: i32 = 1000;
// After a WaitForRequest that returned "nothing yet", poll again after this long.
const EMPTY_WAIT_RETRY_MS: i32 = 50;
// While sessions run, look at them at least this often (timeouts, platforms without interrupts).
const SESSION_POLL_MS: i64 = 10;

class Report {
  call: ServiceCall | null = null;
  constructor(public requestId: u64, public code: u8) {}
}

const STATE_QUERY: i32 = 0;
const STATE_SERVING: i32 = 1;
const STATE_STOPPED: i32 = 2;

export class MigtdLoop {
  state: i32 = STATE_QUERY;
  stopCode: i32 = 0;
  private query: ServiceCall | null = null;
  private wait: ServiceCall | null = null;
  private waitRetryAt: i64 = 0;
  private sessions: PreMigration[] = [];
  private reports: Report[] = [];
  inflight: InFlight = new InFlight();
  private local: LocalConfig = new LocalConfig();

  // Boot: banner, trap recovery, Query. Returns 0 or a result code.
  init(): i32 {
    logInfo("MigTD Version - " + VERSION);
    const orphans = InFlight.recover();
    for (let i = 0; i < orphans.length; i++) {
      logError("request " + u64Hex(orphans[i]) + " was in flight when the core trapped; reporting InitializationError");
      this.inflight.ids.push(orphans[i]);
      this.reports.push(new Report(orphans[i], RESULT_INITIALIZATION_ERROR));
    }
    this.inflight.save();
    this.local = LocalConfig.load();
    // A V2 policy that does not verify, or owner fields that do not fit it: refuse to start (§3.5).
    if (this.local!.invalidPolicy) { logError("refusing to start: " + this.local!.problem); return this.stop(RESULT_INVALID_POLICY); }
    this.query = ServiceCall.issue(buildQuery());
    if (this.query!.state != CALL_PENDING) {
      logError("Query failed: " + this.query!.error);
      return this.stop(RESULT_INITIALIZATION_ERROR);
    }
    return 0;
  }

  private stop(code: i32): i32 {
    this.state = STATE_STOPPED;
    this.stopCode = code;
    return code;
  }

  // One turn. Returns the time the driver may sleep (ms) or -1 when stopped.
  poll(events: u32, nowMs: i64): i32 {
    if (this.state == STATE_STOPPED) return -1;
    if (this.state == STATE_QUERY) {
      const q = this.query!;
      const s = q.poll();
      if (s == CALL_PENDING) return IDLE_WAIT_MS;
      if (s != CALL_DONE) { logError("Query failed: " + q.error); this.stop(RESULT_INITIALIZATION_ERROR); return -1; }
      const r = parseQueryResponse(q.response);
      if (r.error.length > 0 || !r.supported) {
        logError("the VMM does not support the MigTD service" + (r.error.length > 0 ? ": " + r.error : ""));
        this.stop(RESULT_UNSUPPORTED);
        return -1;
      }
      this.query = null;
      this.state = STATE_SERVING;
      logInfo("Loop to wait for request");
    }
    this.pollWait(nowMs);
    this.stepSessions(nowMs);
    this.pollReports();
    if (this.wait === null && this.inflight.count < MAX_CONCURRENT_REQUESTS && nowMs >= this.waitRetryAt) {
      this.issueWait();
    }
    // Sleep until the earliest timer; events (VMM, quote, channel) wake the driver earlier.
    let wake: i64 = nowMs + IDLE_WAIT_MS;
    if (this.wait === null && this.inflight.count < MAX_CONCURRENT_REQUESTS) wake = min<i64>(wake, max<i64>(this.waitRetryAt, nowMs));
    for (let i = 0; i < this.sessions.length; i++) {
      const w = this.sessions[i].wakeAt;
      if (w > 0) wake = min<i64>(wake, w);
    }
    // Channels without notify interrupts are polled at a short interval while sessions run.
    if (this.sessions.length > 0) wake = min<i64>(wake, nowMs + SESSION_POLL_MS);
    return <i32>max<i64>(0, wake - nowMs);
  }

  private issueWait(): void {
    const call = ServiceCall.issue(buildWaitForRequest());
    if (call.state != CALL_PENDING) {
      logWarn("WaitForRequest could not be issued: " + call.error);
      this.waitRetryAt = 0x7fff_ffff_ffff_ffff; // until a request completes or the driver restarts us
      return;
    }
    this.wait = call;
  }

  private pollWait(nowMs: i64): void {
    const call = this.wait;
    if (call === null) return;
    const s = call.poll();
    if (s == CALL_PENDING) return;
    this.wait = null;
    if (s != CALL_DONE) { logWarn("WaitForRequest failed: " + call.error); this.waitRetryAt = nowMs + EMPTY_WAIT_RETRY_MS; return; }
    const w = parseWaitResponse(call.response);
    if (w.error.length == 0 && w.operation == OP_NONE) { this.waitRetryAt = nowMs + EMPTY_WAIT_RETRY_MS; return; }
    this.waitRetryAt = 0;
    let requestId: u64 = 0;
    let hasId = false;
    let error = w.error;
    let info = w.hobs !== null ? w.hobs!.migrationInfo : null;
    if (info !== null) {
      const parsed = parseMigrationInfo(info, MIGRATION_INFO_SIZE);
      requestId = parsed.requestId;
      hasId = parsed.hasRequestId;
      if (error.length == 0 && parsed.error.length > 0) error = parsed.error;
      if (error.length == 0) {
        const mi = parsed.info!;
        if (this.inflight.has(mi.requestId)) { logWarn("request " + u64Hex(mi.requestId) + " is already in flight; duplicate ignored"); return; }
        describeRequest(mi);
        this.inflight.add(mi.requestId);
        const sock = w.hobs!.streamSocketInfo;
        const socket: StreamSocketInfo | null = sock !== null ? parseStreamSocketInfo(sock) : null;
        this.sessions.push(new PreMigration(mi, socket, this.local, nowMs));
        return;
      }
    }
    logWarn("vmm: rejected WaitForRequest response: " + error + " (InvalidParameter)");
    if (hasId && !this.inflight.has(requestId)) {
      this.inflight.add(requestId);
      this.reports.push(new Report(requestId, RESULT_INVALID_PARAMETER));
    }
  }

  private stepSessions(nowMs: i64): void {
    for (let i = 0; i < this.sessions.length; ) {
      const s = this.sessions[i];
      const r = s.step(nowMs);
      if (r == STEP_RUNNING) { i++; continue; }
      this.sessions.splice(i, 1);
      this.reports.push(new Report(s.info.requestId, <u8>r));
    }
  }

  private pollReports(): void {
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

  // The events worth waking for: the VMM's service vector, quotes and channels.
  eventMask(): u32 { return EV_SERVICE | EV_QUOTE | EV_CHANNEL; }
}
