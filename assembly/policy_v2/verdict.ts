// The outcome of a v2 evaluation, in the same shape as v1's (policy/verdict.ts: the decisive
// error, the first failing rule, one explanation per rule) plus the evaluation info of both
// sides, so `migtd policy eval` explains v1 and v2 alike.
import { JsonWriter } from "../json/writer";
import { RuleResult, VerdictCommon } from "../policy/verdict";
import { resultFor } from "../result/map";
import { PolicyV2Error, policyV2ErrorName } from "./errors";
import { EvalInfo } from "./info";

export class VerdictV2 extends VerdictCommon {
  error: PolicyV2Error = PolicyV2Error.None;
  policySvn: i64 = 0;
  peerPolicySvn: i64 = -1;
  self: EvalInfo | null = null;
  peer: EvalInfo | null = null;

  get accepted(): bool { return this.error == PolicyV2Error.None; }

  decide(kind: PolicyV2Error, message: string, rule: RuleResult | null): void {
    if (this.error != PolicyV2Error.None) return;
    this.error = kind;
    this.settle(message, rule);
  }

  toJson(): string {
    const w = new JsonWriter().beginObject()
      .str("version", "2.0")
      .bool("accepted", this.accepted)
      .int("code", <i64>resultFor(<i32>this.error))
      .str("error", policyV2ErrorName(this.error));
    this.writeHead(w);
    w.int("policySvn", this.policySvn).int("peerPolicySvn", this.peerPolicySvn);
    if (this.self !== null) this.self!.write(w, "self");
    if (this.peer !== null) this.peer!.write(w, "peer");
    return this.writeTail(w);
  }
}
