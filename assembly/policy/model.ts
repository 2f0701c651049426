// A parsed migration policy v1 (spec migtd.md §3.1-3.2): blocks, properties, operations and
// reference kinds. Built only by parse.ts; evaluated by evaluate.ts.

export enum Op {
  Equal,
  GreaterOrEqual,
  Subset,
  InRange,
  InTimeRange,
  ArrayEqual,
  ArrayGreaterOrEqual,
}

// The operation names a policy may use (anything else makes the policy invalid).
export function opFromName(s: string): i32 {
  if (s == "equal") return Op.Equal;
  if (s == "greater-or-equal") return Op.GreaterOrEqual;
  if (s == "subset") return Op.Subset;
  if (s == "in-range") return Op.InRange;
  if (s == "in-time-range") return Op.InTimeRange;
  if (s == "array-equal") return Op.ArrayEqual;
  if (s == "array-greater-or-equal") return Op.ArrayGreaterOrEqual;
  return -1;
}

export function opName(op: Op): string {
  switch (op) {
    case Op.Equal: return "equal";
    case Op.GreaterOrEqual: return "greater-or-equal";
    case Op.Subset: return "subset";
    case Op.InRange: return "in-range";
    case Op.InTimeRange: return "in-time-range";
    case Op.ArrayEqual: return "array-equal";
    default: return "array-greater-or-equal";
  }
}

// §3.2: the JSON type of `reference` decides its kind.
export enum RefKind {
  Integer, // non-negative integer literal (u64)
  String, // any other string: compared with the peer bytes as uppercase hex
  Local, // "self": the local MigTD's own value
  IntegerRange, // "a..b", half-open [a, b); either bound may be empty
  Array, // array of bytes
}

export class Reference {
  kind: RefKind = RefKind.String;
  integer: u64 = 0;
  text: string = "";
  rangeStart: u64 = 0;
  rangeEnd: u64 = 0;
  bytes: Uint8Array = new Uint8Array(0);
  // The reference as written, re-serialised (for explanations).
  json: string = "";
}

export class Property {
  constructor(public name: string, public op: Op, public ref: Reference, public path: string) {}
}

export enum BlockKind {
  Platform,
  Qe,
  TdxModule,
  MigTd,
}

export function blockKindName(k: BlockKind): string {
  switch (k) {
    case BlockKind.Platform: return "Platform";
    case BlockKind.Qe: return "QE";
    case BlockKind.TdxModule: return "TDXModule";
    default: return "MigTD";
  }
}

export class Block {
  fmspc: string = ""; // Platform blocks only
  // TcbInfo / QeIdentity / TDXModule_Identity / TDINFO properties, in evaluation order.
  props: Property[] = [];
  // MigTD blocks: the EventLog properties, or null when the block has no EventLog.
  events: Property[] | null = null;
  constructor(public kind: BlockKind, public index: i32, public path: string) {}
}

export class MigPolicy {
  id: string = "";
  blocks: Block[] = [];
  // Things that parse, as in MigTD, but cannot do what their author probably meant.
  warnings: string[] = [];
}
