// The MigTD main loop (migtd.md §1.8) as a poll-driven state machine: boot the host interface,
// then keep one WaitForRequest outstanding while fewer than MAX_CONCURRENT_REQUESTS requests are
// in flight, step every pre-migration, and report each result. It never blocks: the driver
// (migtd_run here, or a host calling migtd_poll) sleeps between turns. Which host interface the
// VMM speaks (Service or RAW) is fixed when the core is built (host_interface.ts).
import { EV_SERVICE, EV_QUOTE, EV_CHANNEL } from "../abi";
import { LocalConfig } from "../session/local_config";
import { PreMigration } from "../session/premigration";
import { Rebinding } from "../session/rebinding";
import { RequestSession, STEP_RUNNING } from "../session/request_session";
import { InFlight, MAX_CONCURRENT_REQUESTS } from "../session/inflight";
import { RESULT_INITIALIZATION_ERROR, RESULT_INVALID_POLICY } from "../result/codes";
import { logError, logInfo, setLogRequest, NO_REQUEST } from "../util/log";
import { u64Hex } from "../util/hex";

// Error text as ASCII bytes (others become '?'), at most this long.
const ERROR_TEXT_MAX: i32 = 256;
function asciiBytes(text: string): Uint8Array {
  const n = min<i32>(text.length, ERROR_TEXT_MAX);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    out[i] = c >= 0x20 && c < 0x7f ? <u8>c : 0x3f;
  }
  return out;
}
import { HostInterface, HOST_INTERFACE, HOST_RAW, BOOT_PENDING, interfaceMarker } from "./host_interface";
import { ServiceHost } from "./service_host";
import { RawHost, installRawLogArea } from "./raw_host";

export const VERSION: string = "0.1.0";

// How long the driver may sleep when only the VMM can wake us (it does so with vector 0x50).
const IDLE_WAIT_MS: i32 = 1000;
// While sessions run, look at them at least this often (timeouts, platforms without interrupts).
const SESSION_POLL_MS: i64 = 10;

const STATE_BOOT: i32 = 0;
const STATE_SERVING: i32 = 1;
const STATE_STOPPED: i32 = 2;

function makeHost(inflight: InFlight, local: LocalConfig): HostInterface {
  if (HOST_INTERFACE == HOST_RAW) return new RawHost(inflight, local);
  return new ServiceHost(inflight, local);
}

export class MigtdLoop {
  state: i32 = STATE_BOOT;
  stopCode: i32 = 0;
  private sessions: RequestSession[] = [];
  inflight: InFlight = new InFlight();
  private local: LocalConfig = new LocalConfig();
  private host: HostInterface | null = null;

  // Boot: banner, trap recovery, the host interface's start (Query for Service). Returns 0 or a
  // result code.
  init(): i32 {
    if (HOST_INTERFACE == HOST_RAW) installRawLogArea();
    logInfo("MigTD Version - " + VERSION + " (" + interfaceMarker() + ")");
    const orphans = InFlight.recover();
    this.inflight.save();
    this.local = LocalConfig.load();
    // A V2 policy that does not verify, or owner fields that do not fit it: refuse to start (§3.5).
    if (this.local.invalidPolicy) { logError("refusing to start: " + this.local.problem); return this.stop(RESULT_INVALID_POLICY); }
    const host = makeHost(this.inflight, this.local);
    this.host = host;
    for (let i = 0; i < orphans.length; i++) {
      logError("request " + u64Hex(orphans[i]) + " was in flight when the core trapped; reporting InitializationError");
      this.inflight.add(orphans[i]);
      host.report(orphans[i], RESULT_INITIALIZATION_ERROR);
    }
    const r = host.boot();
    if (r != 0) return this.stop(r);
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
    const host = this.host!;
    if (this.state == STATE_BOOT) {
      const b = host.pollBoot();
      if (b == BOOT_PENDING) return IDLE_WAIT_MS;
      if (b != 0) { this.stop(b); return -1; }
      this.state = STATE_SERVING;
      logInfo("Loop to wait for request");
    }
    this.accept(nowMs);
    this.stepSessions(nowMs);
    host.pollReports();
    // Reports may have freed a slot: keep a WaitForRequest outstanding.
    this.accept(nowMs);
    // Sleep until the earliest timer; events (VMM, quote, channel) wake the driver earlier.
    let wake: i64 = nowMs + IDLE_WAIT_MS;
    if (this.inflight.count < MAX_CONCURRENT_REQUESTS) {
      const w = host.wakeAt(nowMs);
      if (w > 0) wake = min<i64>(wake, w);
    }
    for (let i = 0; i < this.sessions.length; i++) {
      const w = this.sessions[i].wakeAt;
      if (w > 0) wake = min<i64>(wake, w);
    }
    // Channels without notify interrupts are polled at a short interval while sessions run.
    if (this.sessions.length > 0) wake = min<i64>(wake, nowMs + SESSION_POLL_MS);
    return <i32>max<i64>(0, wake - nowMs);
  }

  // Consumes the VMM's answer to WaitForRequest, if any, and keeps one outstanding while a slot is free.
  private accept(nowMs: i64): void {
    const started = this.host!.pollRequests(nowMs, this.inflight.count < MAX_CONCURRENT_REQUESTS);
    for (let i = 0; i < started.length; i++) {
      const r = started[i];
      if (r.rebinding) this.sessions.push(new Rebinding(r.info, r.opener, this.local));
      else this.sessions.push(new PreMigration(r.info, r.opener, this.local, nowMs));
    }
  }

  private stepSessions(nowMs: i64): void {
    const host = this.host!;
    for (let i = 0; i < this.sessions.length; ) {
      const s = this.sessions[i];
      setLogRequest(s.info.requestId);
      const r = s.step(nowMs);
      setLogRequest(NO_REQUEST);
      if (r == STEP_RUNNING) { i++; continue; }
      this.sessions.splice(i, 1);
      if (r != 0 && s.errorText.length > 0) host.reportData(s.info.requestId, <u8>r, asciiBytes(s.errorText));
      else host.report(s.info.requestId, <u8>r);
    }
  }

  // The events worth waking for: the VMM's service vector, quotes and channels.
  eventMask(): u32 { return EV_SERVICE | EV_QUOTE | EV_CHANNEL; }
}
