// The instant a MigTD judges certificate and collateral validity at (docs/attestation.md). A TD has
// no trusted wall clock, so the instant is built from dates it can trust not to be too late:
//   * the floor: the enrolled root CA's notBefore (measured into RTMR2 with the policy), raised
//     for the rest of this TD's life to the newest Intel-signed issue date of any collateral that
//     has verified here before; it never goes backwards;
//   * the newest issue date Intel signed into the collateral of this session (issue_time.ts).
// The judgement time is the later of the two. Collateral that was already stale at that instant
// (nextUpdate passed) is refused, so once fresh collateral has been seen, a host cannot roll the
// MigTD back to older CRLs or TCB infos.
import { Certificate } from "../x509/cert";
import { Collateral } from "../attest/collateral/types";
import { newestIssueDate } from "../attest/collateral/issue_time";

let seenFloor: i64 = 0;

// The instant to verify this session's quotes at, given its collateral.
// `extraFloor` raises the floor further (tools and tests state the floor they judge from);
// `useSeen` false leaves out what this instance has seen (a tool judging one quote on its own).
export function judgementTime(root: Certificate, coll: Collateral, extraFloor: i64 = 0, useSeen: bool = true): i64 {
  let t = root.notBefore;
  if (extraFloor > t) t = extraFloor;
  if (useSeen && seenFloor > t) t = seenFloor;
  const issued = newestIssueDate(coll);
  return issued > t ? issued : t;
}

// After a quote verified with collateral at `at` (every signature in it checked): later sessions
// never judge at an earlier instant.
export function raiseFloor(at: i64): void {
  if (at > seenFloor) seenFloor = at;
}

export function currentFloor(): i64 {
  return seenFloor;
}

// Tests only: forget what this instance has seen.
export function resetFloor(): void {
  seenFloor = 0;
}
