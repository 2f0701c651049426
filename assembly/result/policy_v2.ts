// policy_v2/: signed migration policy v2 outcomes, range 0x0700..0x07ff (spec migtd.md §2.3,
// §2.5 V2, §3.4-3.5). map.ts maps them: a policy that is not what its signer signed, or not
// signed by the enrolled signer's PKI, is 9 InvalidPolicyError (as MigTD refuses an invalid
// policy); a well-formed policy the peer does not satisfy is 8 PolicyUnsatisfiedError; a
// malformed pre-session message is 6 SecureSessionError (the session with the peer could not be
// set up; the pre-session exchange precedes TLS on the same stream, §2.3).
export enum PolicyV2Error {
  None = 0,
  // Not JSON, or not the §3.4 shape (missing/extra-typed member, unknown operation, bad
  // reference, version other than "2.0").
  Malformed = 0x701,
  // The issuer chain PEM does not parse, a certificate is not signed by the next one, or is not
  // ecdsa-with-SHA384.
  ChainInvalid = 0x702,
  // The signature over policyData does not verify with the leaf key.
  SignatureInvalid = 0x703,
  // `collaterals` is malformed (Intel collateral bundle, root CA, CRLs).
  CollateralInvalid = 0x704,
  // `servtdCollateral`: an identity or TCB mapping whose signature or chain does not verify.
  ServtdCollateralInvalid = 0x705,
  // A peer chain (policy, servtd identity, TCB mapping) does not share our root CA and leaf
  // subject, or a non-leaf certificate is not a CA (§2.5 V2 step 3).
  IssuerMismatch = 0x706,
  // The policy-hash certificate extension is not SHA-384 of the peer-data blob (§2.5 V2 step 1),
  // or the peer's Digest.MigTdPolicy event is not SHA-384 of its policy (step 3).
  PolicyHashMismatch = 0x707,
  // Peer policySvn below ours on the source side (§3.5).
  PolicySvnTooLow = 0x708,
  // The peer platform's TCB status is Revoked (§3.5: always denied).
  TcbRevoked = 0x709,
  // A global rule (TCB, platform, CRL) fails.
  UnqualifiedPlatformInfo = 0x70a,
  // The peer's MigTD measurements are absent from the TCB mapping, its identity status is
  // Revoked or unknown, or a servtd rule fails.
  UnqualifiedMigTdInfo = 0x70b,
  // MROWNER / MROWNERCONFIG of this MigTD (or of the init TDINFO) do not match the policy signer
  // key and policySvn (§3.5 end, §3.6).
  OwnerMismatch = 0x70c,
  // An input to evaluation is not usable (verified report of the wrong size).
  InvalidParameter = 0x70d,
  // Pre-session exchange (§2.3): wrong type, length, magic, version or blob layout.
  PreSessionMalformed = 0x70e,
  // The init TDINFO the VMM hands over (StartMigration / StartRebinding with has_init_data, §1.5)
  // is not bound to our policy: MROWNER not our signer key hash, or MROWNERCONFIG not a policySvn
  // at most ours (§3.6). §2.1 step 1 reports it as 8 PolicyUnsatisfiedError.
  InitTdInfoMismatch = 0x70f,
}

export function policyV2ErrorName(e: PolicyV2Error): string {
  switch (e) {
    case PolicyV2Error.None: return "";
    case PolicyV2Error.Malformed: return "InvalidPolicy";
    case PolicyV2Error.ChainInvalid: return "InvalidIssuerChain";
    case PolicyV2Error.SignatureInvalid: return "InvalidPolicySignature";
    case PolicyV2Error.CollateralInvalid: return "InvalidCollateral";
    case PolicyV2Error.ServtdCollateralInvalid: return "InvalidServtdCollateral";
    case PolicyV2Error.IssuerMismatch: return "PolicyIssuerMismatch";
    case PolicyV2Error.PolicyHashMismatch: return "PolicyHashMismatch";
    case PolicyV2Error.PolicySvnTooLow: return "PolicySvnTooLow";
    case PolicyV2Error.TcbRevoked: return "TcbRevoked";
    case PolicyV2Error.UnqualifiedPlatformInfo: return "UnqualifiedPlatformInfo";
    case PolicyV2Error.UnqualifiedMigTdInfo: return "UnqualifiedMigTdInfo";
    case PolicyV2Error.OwnerMismatch: return "OwnerMismatch";
    case PolicyV2Error.InitTdInfoMismatch: return "InitTdInfoMismatch";
    case PolicyV2Error.InvalidParameter: return "InvalidParameter";
    case PolicyV2Error.PreSessionMalformed: return "PreSessionMalformed";
  }
  return "Unknown";
}
