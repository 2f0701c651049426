// Warnings for a policy that MigTD accepts but that cannot behave as its author probably meant
// (`migtd policy check` prints them; they never change a verdict). Spec migtd.md §3.1-3.3.
import { isKnownEventName, EVENT_TD_SHIM } from "./events";
import { Block, BlockKind, blockKindName, MigPolicy, Op, opName, Property, RefKind } from "./model";
import { fieldLength } from "./report";

export function lintPolicy(policy: MigPolicy): void {
  const w = policy.warnings;
  let platforms = 0;
  let selfPlatforms = 0;
  for (let i = 0; i < policy.blocks.length; i++) {
    const b = policy.blocks[i];
    if (b.kind == BlockKind.Platform) {
      platforms++;
      if (b.fmspc == "self") selfPlatforms++;
      else if (!isUpperHex(b.fmspc, 12)) {
        w.push(b.path + ".fmspc: \"" + b.fmspc + "\" is neither \"self\" nor 12 uppercase hex digits, so it never matches a peer");
      }
    }
    for (let k = 0; k < b.props.length; k++) lintProperty(w, b, b.props[k], false);
    const ev = b.events;
    if (ev !== null) for (let k = 0; k < ev.length; k++) lintProperty(w, b, ev[k], true);
  }
  if (platforms == 0) w.push("policy: no platform block, so every peer is rejected (PlatformNotFound)");
  if (selfPlatforms > 0 && platforms > 1) {
    w.push("policy: \"fmspc\": \"self\" only applies when it is the only platform block; here it never matches");
  }
}

function lintProperty(w: string[], b: Block, p: Property, isEvent: bool): void {
  let len = -1;
  if (isEvent) {
    if (!isKnownEventName(p.name)) {
      w.push(p.path + ": unknown event name; evaluating it fails with InvalidEventLog");
      return;
    }
    if (p.name == EVENT_TD_SHIM) w.push(p.path + ": no event is ever recorded under this name; the rule always fails");
  } else {
    len = fieldLength(b.kind, p.name);
    if (len < 0) {
      w.push(p.path + ": \"" + p.name + "\" is not a " + blockKindName(b.kind) + " property; evaluating it fails (InvalidParameter)");
      return;
    }
  }
  if (!opFits(p)) w.push(p.path + ": operation \"" + opName(p.op) + "\" is never satisfied with this kind of reference");
  const r = p.ref;
  if (r.kind == RefKind.String && len > 0 && !isUpperHex(r.text, len * 2)) {
    w.push(p.path + ": string references are compared with the value as uppercase hex (" + (len * 2).toString() + " digits); this one never matches");
  }
  if (r.kind == RefKind.Array && len > 0 && r.bytes.length != len) {
    w.push(p.path + ": the array has " + r.bytes.length.toString() + " bytes but the field has " + len.toString());
  }
  if ((r.kind == RefKind.Integer || r.kind == RefKind.IntegerRange) && len > 8) {
    w.push(p.path + ": integer comparisons need a field of at most 8 bytes; this one never matches");
  }
}

function opFits(p: Property): bool {
  const op = p.op;
  switch (p.ref.kind) {
    case RefKind.Integer: return op == Op.Equal || op == Op.GreaterOrEqual;
    case RefKind.String: return op == Op.Equal;
    case RefKind.IntegerRange: return op == Op.InRange || op == Op.InTimeRange;
    case RefKind.Array: return op == Op.ArrayEqual || op == Op.ArrayGreaterOrEqual;
    default: return op == Op.Equal || op == Op.GreaterOrEqual || op == Op.ArrayEqual || op == Op.ArrayGreaterOrEqual;
  }
}

function isUpperHex(s: string, n: i32): bool {
  if (s.length != n) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46))) return false;
  }
  return true;
}
