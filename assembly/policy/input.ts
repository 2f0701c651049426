// What a policy evaluation reads besides the policy: both verified reports (spec migtd.md §2.6),
// both event logs (CCEL, §5.3) and the role of this MigTD.
export class EvalInput {
  // This MigTD is the migration source (the TLS client); decides the direction of `self`
  // comparisons (§3.2).
  isSrc: bool = true;
  local: Uint8Array = new Uint8Array(0);
  peer: Uint8Array = new Uint8Array(0);
  // CCEL bytes; an absent log is read as an empty one (which does not parse).
  localLog: Uint8Array = new Uint8Array(0);
  peerLog: Uint8Array = new Uint8Array(0);
}
