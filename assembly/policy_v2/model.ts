// Policy v2 rules (spec migtd.md §3.4): items are {"global": {...}} or {"servtd": {...}}, each
// property {"operation", "reference"}. The property decides the kind of value compared.

export enum ValueType {
  Integer, // tcbEvaluationDataNumber, pckCrlNum, rootCaCrlNum, isvsvn
  Text, // fmspc (uppercase hex) and dates (ISO-8601, compared lexicographically)
  TcbStatus, // platform tcbStatusAccepted (ranked, Revoked always denied)
  ServtdStatus, // migtdIdentity tcbStatusAccepted (UpToDate/OutOfDate allowed, Revoked denied)
}

export enum Op {
  Equal,
  GreaterOrEqual,
  InRange, // "in-range" and "in-time-range": "a..b", inclusive
  Subset, // integer list: peer value is a member
  AllowList,
  DenyList,
}

export function opName(o: Op): string {
  switch (o) {
    case Op.Equal: return "equal";
    case Op.GreaterOrEqual: return "greater-or-equal";
    case Op.InRange: return "in-range";
    case Op.Subset: return "subset";
    case Op.AllowList: return "allow-list";
    default: return "deny-list";
  }
}

export enum RefKind {
  Integer,
  Text,
  Relative, // "self" or "init": the local MigTD's own value
  Range,
  IntList,
  TextList,
}

export class Reference {
  kind: RefKind = RefKind.Integer;
  int: i64 = 0;
  text: string = "";
  lo: i64 = 0;
  hi: i64 = i64.MAX_VALUE;
  ints: i64[] = [];
  texts: string[] = [];
  source: string = ""; // the reference JSON as written, for explanations
}

export class Property {
  constructor(
    public path: string, // e.g. policy[0].global.tcb.tcbDate
    public section: string, // "global.tcb", "servtd.migtdIdentity", ...
    public name: string,
    public type: ValueType,
    public op: Op,
    public operation: string, // as written
    public ref: Reference,
  ) {}
}

export class PolicyItem {
  properties: Property[] = [];
  constructor(public path: string, public kind: string /* "global" | "servtd" */) {}
}
