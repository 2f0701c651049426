// policy/: policy outcomes, range 0x0600..0x06ff. The names are those of Intel MigTD's
// PolicyError (spec migtd.md §3.3, §2.5). InvalidPolicy is 9 InvalidPolicyError, every other
// failure 8 PolicyUnsatisfiedError, as MigTD's certificate-verification callback maps them
// (§1.3): map.ts.
export enum PolicyErrorKind {
  None = 0,
  // A verified report of the wrong size, or a property name the report does not carry (MigTD's
  // InvalidParameter).
  InvalidParameter = 0x601,
  // The policy is not UTF-8 / not JSON / not the v1 shape.
  InvalidPolicy = 0x602,
  // An EventLog rule is present and a log does not parse, does not replay to the peer's RTMRs, or
  // names an unknown event.
  InvalidEventLog = 0x603,
  // No platform block for the peer's FMSPC.
  PlatformNotFound = 0x604,
  // The single `fmspc: "self"` block, and the peer is on another platform.
  PlatformNotMatch = 0x605,
  UnqualifiedPlatformInfo = 0x606,
  UnqualifiedQeInfo = 0x607,
  UnqualifiedTdxModuleInfo = 0x608,
  UnqualifiedMigTdInfo = 0x609,
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
    case PolicyErrorKind.UnqualifiedMigTdInfo: return "UnqualifiedMigTdInfo";
  }
  return "Unknown";
}
