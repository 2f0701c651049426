// The EventLog part of a MigTD block (spec migtd.md §3.3 step 4, §5.3). As in MigTD, a block with
// an EventLog section first requires the peer's log to replay to the peer's RTMR0..3, then reads
// both logs; any problem there is InvalidEventLog. Each named event must be in both logs: events
// with data (MigTdCoreSvn) compare their data, the others their SHA-384 digests.
import { parseCcelResult } from "../eventlog/ccel";
import { PolicyErrorKind } from "./errors";
import { verifyProperty } from "./compare";
import { bytesEqual } from "../util/bytes";
import { toUpperHex } from "../util/hex";
import { describeRule } from "./describe";
import { eventMapOf, isKnownEventName, EventMap } from "./events";
import { Block, opName, Property } from "./model";
import { VerifiedReport } from "./report";
import { RuleResult, RuleStatus, Verdict } from "./verdict";
import { EvalInput } from "./input";

const SECTION = "MigTD.EventLog";

export function evaluateEventLog(v: Verdict, b: Block, input: EvalInput, peer: VerifiedReport): void {
  const props = b.events!;
  const problem = logProblem(input, peer);
  let localMap: EventMap | null = null;
  let peerMap: EventMap | null = null;
  if (problem.length == 0) {
    const lp = parseCcelResult(input.localLog);
    const pp = parseCcelResult(input.peerLog);
    localMap = lp.log === null ? null : eventMapOf(lp.log!);
    peerMap = pp.log === null ? null : eventMapOf(pp.log!);
  }
  if (problem.length > 0 || localMap === null || peerMap === null) {
    const why = problem.length > 0 ? problem : (localMap === null ? "the local event log cannot be read" : "the peer event log cannot be read");
    const r = new RuleResult(b.path + ".MigTD.EventLog", SECTION, "(event logs)", "replay", "");
    r.status = RuleStatus.Error;
    r.note = why;
    v.rules.push(r);
    v.decide(PolicyErrorKind.InvalidEventLog, b.path + ".MigTD.EventLog: " + why, r);
    for (let i = 0; i < props.length; i++) {
      const p = props[i];
      const q = new RuleResult(p.path, SECTION, p.name, opName(p.op), p.ref.json);
      q.status = RuleStatus.Error;
      q.note = "not evaluated: " + why;
      v.rules.push(q);
    }
    return;
  }
  let ok = true;
  for (let i = 0; i < props.length; i++) {
    const r = eventRule(v, props[i], input.isSrc, localMap, peerMap, ok);
    if (r.status != RuleStatus.Pass) ok = false;
  }
}

// "" when the peer log parses and replays to the peer report's RTMRs, else the reason.
function logProblem(input: EvalInput, peer: VerifiedReport): string {
  const pp = parseCcelResult(input.peerLog);
  if (pp.log === null) return "the peer event log does not parse (" + pp.error + ")";
  const log = pp.log!;
  for (let i = 0; i < log.events.length; i++) {
    const mr = log.events[i].mrIndex;
    if (mr == 0 || mr > 4) return "the peer event log extends MR index " + mr.toString();
  }
  if (log.rtmr.length != 4) return "the peer event log cannot be replayed";
  for (let i = 0; i < 4; i++) {
    if (!bytesEqual(log.rtmr[i], peer.rtmr(i))) return "the peer event log does not replay to the peer's RTMR" + i.toString();
  }
  return "";
}

function eventRule(v: Verdict, p: Property, isSrc: bool, localMap: EventMap, peerMap: EventMap, reached: bool): RuleResult {
  const r = new RuleResult(p.path, SECTION, p.name, opName(p.op), p.ref.json);
  v.rules.push(r);
  if (!isKnownEventName(p.name)) {
    r.status = RuleStatus.Error;
    r.note = "\"" + p.name + "\" is not an event name MigTD knows";
    if (reached) v.decide(PolicyErrorKind.InvalidEventLog, p.path + ": unknown event \"" + p.name + "\"", r);
    return r;
  }
  const l = localMap.get(p.name);
  const q = peerMap.get(p.name);
  r.note = describeRule(p, isSrc);
  let ok = false;
  if (l === null || q === null) {
    r.note = "the event is missing from the " + (l === null ? (q === null ? "local and peer logs" : "local log") : "peer log");
  } else if (l.data !== null) {
    r.local = toUpperHex(l.data!);
    if (q.data === null) {
      r.note = "the peer event carries no data";
    } else {
      r.peer = toUpperHex(q.data!);
      ok = verifyProperty(p, isSrc, l.data!, q.data!);
    }
  } else {
    r.local = toUpperHex(l.digest);
    r.peer = toUpperHex(q.digest);
    ok = verifyProperty(p, isSrc, l.digest, q.digest);
  }
  if (ok) return r;
  r.status = RuleStatus.Fail;
  if (reached) v.decide(PolicyErrorKind.UnqualifiedMigTdInfo, p.path + " not satisfied (" + r.note + ")", r);
  return r;
}
