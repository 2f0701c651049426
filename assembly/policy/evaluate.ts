// Evaluating a peer against the policy (spec migtd.md §3.3), in MigTD's order:
//   1. the platform block (the single `fmspc: "self"` block, else the one naming the peer's FMSPC);
//   2. the TDXModule blocks (any one fully satisfied, or none present);
//   3. every QE and MigTD block in document order (MigTD: TDINFO after masking, then EventLog).
// Properties within a block go in name order. MigTD stops at the first failure; this evaluator
// records that failure as the verdict but keeps going so that every rule gets an explanation.
import { PolicyErrorKind } from "./errors";
import { evaluateEventLog } from "./evaluate_events";
import { quoteJson } from "../json/write";
import { Block, BlockKind, MigPolicy, opName, Property } from "./model";
import { parsePolicy } from "./parse";
import { verifyProperty } from "./compare";
import { toUpperHex } from "../util/hex";
import { describeRule } from "./describe";
import { VerifiedReport } from "./report";
import { VERIFIED_REPORT_SIZE } from "./report_layout";
import { RuleResult, RuleStatus, Verdict } from "./verdict";
import { EvalInput } from "./input";

export { EvalInput } from "./input";

// Bits MigTD compares in the TD ATTRIBUTES and XFAM (spec §3.1); the rest is masked off both sides.
const ATTRIBUTES_MASK: u8[] = [0xff, 0xff, 0x00, 0x30, 0x00, 0x00, 0x00, 0x40];
const XFAM_MASK: u8[] = [0x03, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

// The whole check MigTD runs on a peer: sizes, policy parsing, evaluation.
export function evaluatePolicyBytes(policyBytes: Uint8Array, input: EvalInput): Verdict {
  const v = new Verdict();
  v.isSrc = input.isSrc;
  if (input.local.length < VERIFIED_REPORT_SIZE || input.peer.length < VERIFIED_REPORT_SIZE) {
    v.inputError = true;
    v.decide(PolicyErrorKind.InvalidParameter, sizeMessage(input), null);
    return v;
  }
  const parsed = parsePolicy(policyBytes);
  if (!parsed.ok) {
    v.decide(PolicyErrorKind.InvalidPolicy, parsed.message(), null);
    v.failedRule = parsed.errorPath;
    return v;
  }
  if (!VerifiedReport.isValidSize(input.local) || !VerifiedReport.isValidSize(input.peer)) {
    v.inputError = true;
    v.decide(PolicyErrorKind.InvalidParameter, sizeMessage(input), null);
    return v;
  }
  evaluatePolicy(parsed.policy!, input, v);
  return v;
}

function sizeMessage(input: EvalInput): string {
  return "a verified report is " + VERIFIED_REPORT_SIZE.toString() + " bytes (local: " +
    input.local.length.toString() + ", peer: " + input.peer.length.toString() + ")";
}

export function evaluatePolicy(policy: MigPolicy, input: EvalInput, v: Verdict): void {
  const local = new VerifiedReport(input.local);
  const peer = new VerifiedReport(input.peer);
  v.policyId = policy.id;
  v.warnings = policy.warnings;
  const ev = new Evaluator(v, input, local, peer);
  ev.platform(policy);
  ev.tdxModules(policy);
  for (let i = 0; i < policy.blocks.length; i++) {
    const b = policy.blocks[i];
    if (b.kind == BlockKind.Qe) ev.block(b, PolicyErrorKind.UnqualifiedQeInfo, true);
    else if (b.kind == BlockKind.MigTd) {
      ev.block(b, PolicyErrorKind.UnqualifiedMigTdInfo, true);
      if (b.events !== null) evaluateEventLog(v, b, input, peer);
    }
  }
}

class Evaluator {
  constructor(public v: Verdict, public input: EvalInput, public local: VerifiedReport, public peer: VerifiedReport) {}

  // Evaluates one property and records it. `reached`: MigTD would evaluate it (no earlier failure
  // in the same group); only a reached rule can decide the verdict.
  rule(b: Block, p: Property, failKind: PolicyErrorKind, reached: bool): RuleResult {
    const section = sectionOf(b);
    const r = new RuleResult(p.path, section, p.name, opName(p.op), p.ref.json);
    let l = this.local.field(b.kind, p.name);
    let q = this.peer.field(b.kind, p.name);
    this.v.rules.push(r);
    if (l === null || q === null) {
      r.status = RuleStatus.Error;
      r.note = "\"" + p.name + "\" is not a " + section + " property MigTD knows";
      if (reached) this.v.decide(PolicyErrorKind.InvalidParameter, p.path + ": unknown property \"" + p.name + "\"", r);
      return r;
    }
    if (b.kind == BlockKind.MigTd && (p.name == "ATTRIBUTES" || p.name == "XFAM")) {
      const mask = p.name == "ATTRIBUTES" ? ATTRIBUTES_MASK : XFAM_MASK;
      l = masked(l, mask);
      q = masked(q, mask);
    }
    r.local = toUpperHex(l);
    r.peer = toUpperHex(q);
    r.note = describeRule(p, this.input.isSrc);
    if (verifyProperty(p, this.input.isSrc, l, q)) return r;
    r.status = RuleStatus.Fail;
    if (reached && failKind != PolicyErrorKind.None) this.v.decide(failKind, p.path + " not satisfied (requires " + r.note + ")", r);
    return r;
  }

  // All properties of a block must hold; MigTD stops at the first that does not.
  block(b: Block, failKind: PolicyErrorKind, reached: bool): bool {
    let ok = true;
    for (let i = 0; i < b.props.length; i++) {
      const r = this.rule(b, b.props[i], failKind, reached && ok);
      if (r.status != RuleStatus.Pass) ok = false;
    }
    return ok;
  }

  platform(policy: MigPolicy): void {
    const platforms = new Array<Block>();
    for (let i = 0; i < policy.blocks.length; i++) {
      if (policy.blocks[i].kind == BlockKind.Platform) platforms.push(policy.blocks[i]);
    }
    const localF = toUpperHex(this.local.fmspc());
    const peerF = toUpperHex(this.peer.fmspc());
    let selected: Block | null = null;
    if (platforms.length == 1 && platforms[0].fmspc == "self") {
      selected = platforms[0];
      const r = this.selector(selected, localF, peerF, "peer FMSPC == local FMSPC (the only platform block is \"self\")");
      if (localF != peerF) {
        r.status = RuleStatus.Fail;
        this.v.decide(PolicyErrorKind.PlatformNotMatch, "peer FMSPC " + peerF + " differs from local FMSPC " + localF, r);
      }
    } else {
      for (let i = 0; i < platforms.length; i++) {
        const b = platforms[i];
        const r = this.selector(b, localF, peerF, "selected when fmspc == peer FMSPC");
        if (selected === null && b.fmspc == peerF) selected = b;
        else r.status = RuleStatus.NotSelected;
      }
      if (selected === null) {
        const r = new RuleResult("policy", "Platform", "fmspc", "select", quoteJson(peerF));
        r.local = localF;
        r.peer = peerF;
        r.status = RuleStatus.Fail;
        r.note = "no platform block names the peer's FMSPC";
        this.v.rules.push(r);
        this.v.decide(PolicyErrorKind.PlatformNotFound, "no platform block for peer FMSPC " + peerF, r);
        return;
      }
    }
    this.block(selected, PolicyErrorKind.UnqualifiedPlatformInfo, true);
  }

  private selector(b: Block, localF: string, peerF: string, note: string): RuleResult {
    const r = new RuleResult(b.path + ".fmspc", "Platform", "fmspc", "select", quoteJson(b.fmspc));
    r.local = localF;
    r.peer = peerF;
    r.note = note;
    this.v.rules.push(r);
    return r;
  }

  tdxModules(policy: MigPolicy): void {
    let any = false;
    let passed = false;
    const failures = new Array<string>();
    let lastFail: RuleResult | null = null;
    for (let i = 0; i < policy.blocks.length; i++) {
      const b = policy.blocks[i];
      if (b.kind != BlockKind.TdxModule) continue;
      any = true;
      const first = this.v.rules.length;
      const ok = this.block(b, PolicyErrorKind.None, !passed);
      if (passed) {
        for (let k = first; k < this.v.rules.length; k++) {
          this.v.rules[k].status = RuleStatus.NotSelected;
          this.v.rules[k].note = "not needed: an earlier TDXModule block is satisfied";
        }
        continue;
      }
      if (ok) {
        passed = true;
        continue;
      }
      for (let k = first; k < this.v.rules.length; k++) {
        if (this.v.rules[k].status != RuleStatus.Pass) {
          lastFail = this.v.rules[k];
          failures.push(lastFail.path);
          break;
        }
      }
    }
    if (any && !passed) {
      this.v.decide(PolicyErrorKind.UnqualifiedTdxModuleInfo, "no TDXModule block is satisfied (" + failures.join(", ") + ")", lastFail);
    }
  }
}

function sectionOf(b: Block): string {
  switch (b.kind) {
    case BlockKind.Platform: return "Platform.TcbInfo";
    case BlockKind.Qe: return "QE.QeIdentity";
    case BlockKind.TdxModule: return "TDXModule.TDXModule_Identity";
    default: return "MigTD.TDINFO";
  }
}

function masked(b: Uint8Array, mask: u8[]): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b[i] & (i < mask.length ? mask[i] : 0);
  return out;
}
