// The v2 operations (spec migtd.md §3.4), one function per value type. Each returns "" when the
// peer value satisfies the rule, else why not (the explanation shown for a failing rule).
import { Op, Property, RefKind } from "./model";
import {
  ST_CONFIG, ST_CONFIG_SW, ST_OUT_OF_DATE, ST_OUT_OF_DATE_CONFIG, ST_REVOKED, ST_SW_HARDENING, ST_UP_TO_DATE,
} from "../attest/collateral/status";
import { UNKNOWN } from "./info";

// §3.4 ranks: {UpToDate, SWHardeningNeeded, OutOfDate} = 2 > the three configuration statuses = 1
// > Revoked = 0; -1 for anything else.
export function statusRank(s: string): i32 {
  if (s == ST_UP_TO_DATE || s == ST_SW_HARDENING || s == ST_OUT_OF_DATE) return 2;
  if (s == ST_CONFIG || s == ST_CONFIG_SW || s == ST_OUT_OF_DATE_CONFIG) return 1;
  if (s == ST_REVOKED) return 0;
  return -1;
}

function isConfigStatus(s: string): bool {
  return statusRank(s) == 1;
}

export function integerRule(p: Property, peer: i64, local: i64): string {
  if (peer == UNKNOWN) return "the peer value is unknown";
  const r = p.ref;
  switch (p.op) {
    case Op.Equal:
    case Op.GreaterOrEqual: {
      let want = r.int;
      if (r.kind == RefKind.Relative) {
        if (local == UNKNOWN) return "the local ('" + r.text + "') value is unknown";
        want = local;
      }
      if (p.op == Op.Equal) return peer == want ? "" : peer.toString() + " != " + want.toString();
      return peer >= want ? "" : peer.toString() + " < " + want.toString();
    }
    case Op.InRange:
      return peer >= r.lo && peer <= r.hi ? "" : peer.toString() + " is outside [" + r.lo.toString() + ", " + r.hi.toString() + "] (inclusive)";
    case Op.Subset:
      for (let i = 0; i < r.ints.length; i++) if (r.ints[i] == peer) return "";
      return peer.toString() + " is not in the list";
  }
  return "operation not applicable";
}

export function textRule(p: Property, peer: string, local: string, caseless: bool): string {
  if (peer.length == 0) return "the peer value is unknown";
  const r = p.ref;
  const pv = caseless ? peer.toUpperCase() : peer;
  switch (p.op) {
    case Op.Equal:
    case Op.GreaterOrEqual: {
      let want = r.text;
      if (r.kind == RefKind.Relative) {
        if (local.length == 0) return "the local ('" + r.text + "') value is unknown";
        want = local;
      }
      if (caseless) want = want.toUpperCase();
      if (p.op == Op.Equal) return pv == want ? "" : peer + " != " + want;
      return pv >= want ? "" : peer + " < " + want + " (compared as text)";
    }
    case Op.AllowList:
    case Op.DenyList: {
      let found = false;
      for (let i = 0; i < r.texts.length; i++) {
        const t = caseless ? r.texts[i].toUpperCase() : r.texts[i];
        if (t == pv) found = true;
      }
      if (p.op == Op.AllowList) return found ? "" : peer + " is not in the allow-list";
      return found ? peer + " is in the deny-list" : "";
    }
  }
  return "operation not applicable";
}

// Platform TCB status (§3.4): Revoked always denied; UpToDate / SWHardeningNeeded / OutOfDate
// always allowed; the configuration statuses by the operation.
export function tcbStatusRule(p: Property, peer: string, local: string): string {
  if (peer == ST_REVOKED) return "Revoked is always denied";
  const rank = statusRank(peer);
  if (rank < 0) return "unknown TCB status '" + peer + "'";
  if (rank == 2) return "";
  const r = p.ref;
  switch (p.op) {
    case Op.Equal:
    case Op.GreaterOrEqual: {
      const want = r.kind == RefKind.Relative ? local : r.text;
      const wr = statusRank(want);
      if (wr < 0) return "the local ('" + r.text + "') status is unknown";
      if (p.op == Op.Equal) return rank == wr ? "" : peer + " does not rank equal to " + want;
      return rank >= wr ? "" : peer + " ranks below " + want;
    }
    case Op.AllowList:
      for (let i = 0; i < r.texts.length; i++) {
        // Listing ConfigurationNeeded admits the three configuration statuses.
        if (r.texts[i] == peer || (r.texts[i] == ST_CONFIG && isConfigStatus(peer))) return "";
      }
      return peer + " is not in the allow-list";
    case Op.DenyList:
      // §3.4: deny-list denies every status that is not always allowed.
      return peer + " is denied (deny-list admits only UpToDate, SWHardeningNeeded, OutOfDate)";
  }
  return "operation not applicable";
}

// MigTD identity status (§3.4): UpToDate / OutOfDate allowed, Revoked (and anything else) denied.
export function servtdStatusRule(peer: string): string {
  if (peer == ST_UP_TO_DATE || peer == ST_OUT_OF_DATE) return "";
  if (peer.length == 0) return "the peer MigTD has no identity TCB level";
  return "MigTD identity status " + peer + " is denied";
}
