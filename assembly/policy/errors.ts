// Policy v1 outcomes. The names are those of Intel MigTD's PolicyError (spec migtd.md §3.3, §2.5);
// each maps to the MigTD result code the session reports (§1.3): InvalidPolicy -> 9
// (InvalidPolicyError), every other failure -> 8 (PolicyUnsatisfiedError), as MigTD's
// certificate-verification callback maps them.
import { RESULT_INVALID_POLICY, RESULT_POLICY_UNSATISFIED, RESULT_SUCCESS } from "../session/result";

export enum PolicyErrorKind {
  None,
  // A verified report of the wrong size, or a property name the report does not carry (MigTD's
  // InvalidParameter).
  InvalidParameter,
  // The policy is not UTF-8 / not JSON / not the v1 shape.
  InvalidPolicy,
  // An EventLog rule is present and a log does not parse, does not replay to the peer's RTMRs, or
  // names an unknown event.
  InvalidEventLog,
  // No platform block for the peer's FMSPC.
  PlatformNotFound,
  // The single `fmspc: "self"` block, and the peer is on another platform.
  PlatformNotMatch,
  UnqualifiedPlatformInfo,
  UnqualifiedQeInfo,
  UnqualifiedTdxModuleInfo,
  UnqualifiedMigTdInfo,
}

export function policyErrorName(k: PolicyErrorKind): string {
  switch (k) {
    case PolicyErrorKind.None: return "";
    case PolicyErrorKind.InvalidParameter: return "InvalidParameter";
    case PolicyErrorKind.InvalidPolicy: return "InvalidPolicy";
    case PolicyErrorKind.InvalidEventLog: return "InvalidEventLog";
    case PolicyErrorKind.PlatformNotFound: return "PlatformNotFound";
    case PolicyErrorKind.PlatformNotMatch: return "PlatformNotMatch";
    case PolicyErrorKind.UnqualifiedPlatformInfo: return "UnqualifiedPlatformInfo";
    case PolicyErrorKind.UnqualifiedQeInfo: return "UnqualifiedQeInfo";
    case PolicyErrorKind.UnqualifiedTdxModuleInfo: return "UnqualifiedTdxModuleInfo";
    default: return "UnqualifiedMigTdInfo";
  }
}

export function policyResultCode(k: PolicyErrorKind): u8 {
  if (k == PolicyErrorKind.None) return RESULT_SUCCESS;
  if (k == PolicyErrorKind.InvalidPolicy) return RESULT_INVALID_POLICY;
  return RESULT_POLICY_UNSATISFIED;
}
