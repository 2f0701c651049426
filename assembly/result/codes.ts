// MigTD result codes: the byte sent to the VMM in ReportStatus (spec migtd.md §1.3).
//
// assembly/result/ is the bottom of the core: it imports nothing above it, and every layer takes
// its result codes and error codes from here. Each layer has an error enum in a numeric range of
// its own (the layer's errors.ts re-exports it):
//   0x0100 quote, 0x0300 collateral, 0x0400 TDREPORT, 0x0500 event log   attest.ts
//   0x0200 certificates, chains, CRLs                                     x509.ts
//   0x0600 policy                                                         policy.ts
//   0x0700 signed policy v2, pre-session exchange                         policy_v2.ts
//   0x1000 TLS 1.3 engine                                                 tls.ts
//   0x1100 RA-TLS certificates                                            ratls.ts
//   0x1200 RAW host interface (vmcall-raw)                                raw.ts
//   0x1300 V2 rebinding (§2.9, §3.6)                                      rebind.ts
// map.ts maps every member of every range to its result code in one exhaustive switch
// (test/core/failure-result.test.ts checks that no member is left out).
export const RESULT_SUCCESS: u8 = 0;
export const RESULT_INVALID_PARAMETER: u8 = 1;
export const RESULT_UNSUPPORTED: u8 = 2;
export const RESULT_OUT_OF_RESOURCE: u8 = 3;
export const RESULT_TDX_MODULE_ERROR: u8 = 4;
export const RESULT_NETWORK_ERROR: u8 = 5;
export const RESULT_SECURE_SESSION_ERROR: u8 = 6;
export const RESULT_MUTUAL_ATTESTATION_ERROR: u8 = 7;
export const RESULT_POLICY_UNSATISFIED: u8 = 8;
export const RESULT_INVALID_POLICY: u8 = 9;
export const RESULT_VMM_CANCELED: u8 = 10;
export const RESULT_VMM_INTERNAL_ERROR: u8 = 11;
export const RESULT_UNSUPPORTED_OPERATION: u8 = 12;
export const RESULT_INITIALIZATION_ERROR: u8 = 0xff;

export function resultName(code: u8): string {
  switch (code) {
    case 0: return "Success";
    case 1: return "InvalidParameter";
    case 2: return "Unsupported";
    case 3: return "OutOfResource";
    case 4: return "TdxModuleError";
    case 5: return "NetworkError";
    case 6: return "SecureSessionError";
    case 7: return "MutualAttestationError";
    case 8: return "PolicyUnsatisfiedError";
    case 9: return "InvalidPolicyError";
    case 10: return "VmmCanceled";
    case 11: return "VmmInternalError";
    case 12: return "UnsupportedOperationError";
    case 0xff: return "InitializationError";
  }
  return "Unknown";
}

// Not a MigTD result code: what failure_result.ts returns for an error it does not know, so a
// test can find a member that was added to a layer without a mapping.
export const RESULT_UNMAPPED: u8 = 0xfe;

// True for the bytes a MigTD may report (§1.3).
export function isResultCode(code: i32): bool {
  return (code >= 0 && code <= 12) || code == 0xff;
}
