// One property test (spec migtd.md §3.2): a reference kind, an operation, the peer's bytes and, for
// `self`, the local MigTD's bytes. Operation/kind pairs the table does not list are false.
import { Op, Property, RefKind } from "./model";
import { bytesEqual, leU64 } from "../util/bytes";
import { toUpperHex } from "../util/hex";

// `local` and `peer` are the same field from the two verified reports (or two event payloads).
// `isSrc`: this MigTD is the migration source; for `self` comparisons the destination must be at
// least as new as the source (source: peer >= local; destination: local >= peer).
export function verifyProperty(p: Property, isSrc: bool, local: Uint8Array, peer: Uint8Array): bool {
  const ref = p.ref;
  switch (ref.kind) {
    case RefKind.Integer: {
      if (peer.length > 8) return false;
      const v = leU64(peer);
      if (p.op == Op.Equal) return v == ref.integer;
      if (p.op == Op.GreaterOrEqual) return v >= ref.integer;
      return false;
    }
    case RefKind.String:
      return p.op == Op.Equal && toUpperHex(peer) == ref.text;
    case RefKind.IntegerRange: {
      if (peer.length > 8) return false;
      const v = leU64(peer);
      if (p.op == Op.InRange || p.op == Op.InTimeRange) return v >= ref.rangeStart && v < ref.rangeEnd;
      return false;
    }
    case RefKind.Array: {
      if (peer.length != ref.bytes.length) return false;
      if (p.op == Op.ArrayEqual) return bytesEqual(ref.bytes, peer);
      if (p.op == Op.ArrayGreaterOrEqual) {
        for (let i = 0; i < peer.length; i++) if (peer[i] < ref.bytes[i]) return false;
        return true;
      }
      return false;
    }
    default:
      return verifyLocal(p.op, isSrc, local, peer);
  }
}

function verifyLocal(op: Op, isSrc: bool, local: Uint8Array, peer: Uint8Array): bool {
  if (local.length != peer.length) return false;
  if (op == Op.Equal || op == Op.ArrayEqual) return bytesEqual(local, peer);
  if (op == Op.GreaterOrEqual) {
    if (local.length > 8) return false;
    const l = leU64(local);
    const r = leU64(peer);
    return isSrc ? r >= l : l >= r;
  }
  if (op == Op.ArrayGreaterOrEqual) {
    for (let i = 0; i < local.length; i++) {
      const ok = isSrc ? peer[i] >= local[i] : local[i] >= peer[i];
      if (!ok) return false;
    }
    return true;
  }
  return false;
}
