// The attestation subsystem's errors: one enum, non-overlapping ranges per layer, each mapped to
// the MigTD result code it produces (migtd.md §1.3 and §2.5: a quote, certificate, collateral or
// TDREPORT problem is 7 MutualAttestationError; an event log that does not replay to the peer's
// RTMRs is 8 PolicyUnsatisfiedError, as MigTD's verify callback reports it).

export enum AttestError {
  None = 0,
  // 0x100: quote structure and signatures (tdx-abi.md §5.2-5.3)
  QuoteMalformed = 0x101,
  QuoteUnsupportedVersion = 0x102,
  QuoteNotTdx = 0x103,
  QuoteUnsupportedKeyType = 0x104,
  QuoteUnsupportedCertData = 0x105,
  QuoteSignature = 0x106,
  QeReportSignature = 0x107,
  QeReportDataMismatch = 0x108,
  QuoteUnsupportedBody = 0x109,
  // 0x200: certificates and chains (RFC 5280)
  CertMalformed = 0x201,
  ChainIncomplete = 0x202,
  ChainUntrustedRoot = 0x203,
  CertSignature = 0x204,
  CertExpired = 0x205,
  CertNotCa = 0x206,
  CertKeyUsage = 0x207,
  CertRevoked = 0x208,
  CertUnknownCritical = 0x209,
  RootMalformed = 0x20a,
  PckExtensionMalformed = 0x20b,
  // 0x300: collateral (Intel PCS TCB info / QE identity / CRLs)
  CollateralMalformed = 0x301,
  CollateralSignature = 0x302,
  CollateralExpired = 0x303,
  CollateralNoPlatform = 0x304,
  CrlMalformed = 0x305,
  CrlSignature = 0x306,
  CrlExpired = 0x307,
  TcbNoMatchingLevel = 0x310,
  TcbModuleIdentity = 0x311,
  QeIdentityMismatch = 0x312,
  TcbRevoked = 0x313,
  // 0x400: TDREPORT (tdx-abi.md §5.1)
  ReportMalformed = 0x401,
  ReportHashMismatch = 0x402,
  // 0x500: event log (tdx-abi.md §6)
  EventLogMalformed = 0x501,
  EventLogRtmrMismatch = 0x502,
}

export const RESULT_MUTUAL_ATTESTATION_ERROR: u8 = 7;
export const RESULT_POLICY_UNSATISFIED: u8 = 8;

export function resultCode(e: AttestError): u8 {
  if (e == AttestError.None) return 0;
  const range = <i32>e >> 8;
  if (range == 5) return RESULT_POLICY_UNSATISFIED;
  return RESULT_MUTUAL_ATTESTATION_ERROR;
}

export function errorName(e: AttestError): string {
  switch (e) {
    case AttestError.None: return "None";
    case AttestError.QuoteMalformed: return "QuoteMalformed";
    case AttestError.QuoteUnsupportedVersion: return "QuoteUnsupportedVersion";
    case AttestError.QuoteNotTdx: return "QuoteNotTdx";
    case AttestError.QuoteUnsupportedKeyType: return "QuoteUnsupportedKeyType";
    case AttestError.QuoteUnsupportedCertData: return "QuoteUnsupportedCertData";
    case AttestError.QuoteSignature: return "QuoteSignature";
    case AttestError.QeReportSignature: return "QeReportSignature";
    case AttestError.QeReportDataMismatch: return "QeReportDataMismatch";
    case AttestError.QuoteUnsupportedBody: return "QuoteUnsupportedBody";
    case AttestError.CertMalformed: return "CertMalformed";
    case AttestError.ChainIncomplete: return "ChainIncomplete";
    case AttestError.ChainUntrustedRoot: return "ChainUntrustedRoot";
    case AttestError.CertSignature: return "CertSignature";
    case AttestError.CertExpired: return "CertExpired";
    case AttestError.CertNotCa: return "CertNotCa";
    case AttestError.CertKeyUsage: return "CertKeyUsage";
    case AttestError.CertRevoked: return "CertRevoked";
    case AttestError.CertUnknownCritical: return "CertUnknownCritical";
    case AttestError.RootMalformed: return "RootMalformed";
    case AttestError.PckExtensionMalformed: return "PckExtensionMalformed";
    case AttestError.CollateralMalformed: return "CollateralMalformed";
    case AttestError.CollateralSignature: return "CollateralSignature";
    case AttestError.CollateralExpired: return "CollateralExpired";
    case AttestError.CollateralNoPlatform: return "CollateralNoPlatform";
    case AttestError.CrlMalformed: return "CrlMalformed";
    case AttestError.CrlSignature: return "CrlSignature";
    case AttestError.CrlExpired: return "CrlExpired";
    case AttestError.TcbNoMatchingLevel: return "TcbNoMatchingLevel";
    case AttestError.TcbModuleIdentity: return "TcbModuleIdentity";
    case AttestError.QeIdentityMismatch: return "QeIdentityMismatch";
    case AttestError.TcbRevoked: return "TcbRevoked";
    case AttestError.ReportMalformed: return "ReportMalformed";
    case AttestError.ReportHashMismatch: return "ReportHashMismatch";
    case AttestError.EventLogMalformed: return "EventLogMalformed";
    case AttestError.EventLogRtmrMismatch: return "EventLogRtmrMismatch";
  }
  return "Unknown";
}

// An error with its human-readable reason (the first failure is kept: errors are sticky).
export class Failure {
  constructor(public code: AttestError, public reason: string) {}
}
