// One-line descriptions of what a rule requires, for explanations.
import { Op, opName, Property, RefKind } from "./model";

export function describeRule(p: Property, isSrc: bool): string {
  const r = p.ref;
  const op = opName(p.op);
  switch (r.kind) {
    case RefKind.Integer:
      if (p.op == Op.Equal) return "peer (little-endian integer) == " + r.integer.toString();
      if (p.op == Op.GreaterOrEqual) return "peer (little-endian integer) >= " + r.integer.toString();
      return "'" + op + "' is not defined for an integer reference: always fails";
    case RefKind.String:
      if (p.op == Op.Equal) return "peer as uppercase hex == \"" + r.text + "\"";
      return "'" + op + "' is not defined for a string reference: always fails";
    case RefKind.IntegerRange:
      if (p.op == Op.InRange || p.op == Op.InTimeRange) {
        const hi = r.rangeEnd == U64.MAX_VALUE ? "max" : r.rangeEnd.toString();
        return "peer (little-endian integer) in [" + r.rangeStart.toString() + ", " + hi + ")";
      }
      return "'" + op + "' is not defined for a range reference: always fails";
    case RefKind.Array:
      if (p.op == Op.ArrayEqual) return "peer bytes == reference bytes";
      if (p.op == Op.ArrayGreaterOrEqual) return "every peer byte >= the reference byte";
      return "'" + op + "' is not defined for an array reference: always fails";
    default: {
      const dir = isSrc ? "peer >= local (this MigTD is the source)" : "local >= peer (this MigTD is the destination)";
      if (p.op == Op.Equal || p.op == Op.ArrayEqual) return "peer == local";
      if (p.op == Op.GreaterOrEqual) return dir + ", as little-endian integers";
      if (p.op == Op.ArrayGreaterOrEqual) return "bytewise " + dir;
      return "'" + op + "' is not defined for a \"self\" reference: always fails";
    }
  }
}
