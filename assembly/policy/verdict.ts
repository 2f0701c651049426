// The outcome of evaluating a policy: the decisive error (the first failure in MigTD's evaluation
// order, spec migtd.md §3.3), and one explanation per rule, as JSON for the CLI and tests.
import { JsonWriter } from "../json/writer";
import { PolicyErrorKind, policyErrorName, policyResultCode } from "./errors";

export enum RuleStatus {
  Pass,
  Fail,
  // The rule cannot be evaluated (unknown property or event name, unusable event log).
  Error,
  // A platform block not selected for the peer's FMSPC, or a TDXModule block after one that passed.
  NotSelected,
}

function statusName(s: RuleStatus): string {
  switch (s) {
    case RuleStatus.Pass: return "pass";
    case RuleStatus.Fail: return "fail";
    case RuleStatus.Error: return "error";
    default: return "not-selected";
  }
}

export class RuleResult {
  status: RuleStatus = RuleStatus.Pass;
  local: string = "";
  peer: string = "";
  note: string = "";
  decisive: bool = false;
  constructor(public path: string, public section: string, public name: string, public operation: string, public reference: string) {}

  write(w: JsonWriter): void {
    w.beginObject()
      .str("path", this.path)
      .str("section", this.section)
      .str("name", this.name)
      .str("operation", this.operation)
      .raw("reference", this.reference.length > 0 ? this.reference : "null")
      .str("local", this.local)
      .str("peer", this.peer)
      .str("result", statusName(this.status))
      .str("note", this.note)
      .bool("decisive", this.decisive)
      .endObject();
  }
}

// What v1 and v2 verdicts share (policy_v2/verdict.ts extends it): the decisive rule, the rule
// explanations and warnings, and how they are written. The error kind is the subclass's own enum.
export class VerdictCommon {
  message: string = "";
  failedRule: string = "";
  // The failure is about the inputs (report size), not about the peer.
  inputError: bool = false;
  policyId: string = "";
  isSrc: bool = true;
  rules: RuleResult[] = [];
  warnings: string[] = [];

  // Called once, by the subclass's decide(), for the first failure only.
  protected settle(message: string, rule: RuleResult | null): void {
    this.message = message;
    if (rule !== null) {
      rule.decisive = true;
      this.failedRule = rule.path;
    }
  }

  protected writeHead(w: JsonWriter): void {
    w.str("message", this.message)
      .str("failedRule", this.failedRule)
      .bool("inputError", this.inputError)
      .str("role", this.isSrc ? "source" : "destination")
      .str("policyId", this.policyId);
  }

  protected writeTail(w: JsonWriter): string {
    w.beginArray("rules");
    for (let i = 0; i < this.rules.length; i++) this.rules[i].write(w);
    w.endArray().beginArray("warnings");
    for (let i = 0; i < this.warnings.length; i++) w.itemStr(this.warnings[i]);
    return w.endArray().endObject().toString();
  }
}

export class Verdict extends VerdictCommon {
  error: PolicyErrorKind = PolicyErrorKind.None;

  get accepted(): bool { return this.error == PolicyErrorKind.None; }

  decide(kind: PolicyErrorKind, message: string, rule: RuleResult | null): void {
    if (this.error != PolicyErrorKind.None) return;
    this.error = kind;
    this.settle(message, rule);
  }

  toJson(): string {
    const w = new JsonWriter().beginObject()
      .bool("accepted", this.accepted)
      .int("code", <i64>policyResultCode(this.error))
      .str("error", policyErrorName(this.error));
    this.writeHead(w);
    return this.writeTail(w);
  }
}
