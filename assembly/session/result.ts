// MigTD result codes: the byte sent to the VMM in ReportStatus (spec migtd.md §1.3).
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
