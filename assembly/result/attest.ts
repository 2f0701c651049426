// attest/ and eventlog/ errors as attestation reports them, ranges 0x0100 (quote), 0x0300
// (collateral), 0x0400 (TDREPORT), 0x0500 (event log); 0x0200 is x509.ts. A quote, certificate,
// collateral or TDREPORT problem is 7 MutualAttestationError; an event log that does not replay
// to the peer's RTMRs is 8 PolicyUnsatisfiedError, as MigTD's verify callback reports it
// (migtd.md §1.3, §2.5): map.ts.
import { X509Error, x509ErrorName } from "./x509";

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
  // 0x200: certificates and chains: x509/errors.ts (X509Error)
  // 0x300: collateral (Intel PCS TCB info / QE identity / CRLs)
  CollateralMalformed = 0x301,
  CollateralSignature = 0x302,
  CollateralExpired = 0x303,
  CollateralNoPlatform = 0x304,
  CrlMalformed = 0x305,
  CrlSignature = 0x306,
  CrlExpired = 0x307,
  CrlMissing = 0x308,
  CollateralFetch = 0x309,
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

// The name of an attestation failure's code, whichever layer below produced it (x509 errors
// travel through attestation unchanged).
export function errorName(e: i32): string {
  if ((e >> 8) == 2) return x509ErrorName(<X509Error>e);
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
    case AttestError.CollateralMalformed: return "CollateralMalformed";
    case AttestError.CollateralSignature: return "CollateralSignature";
    case AttestError.CollateralExpired: return "CollateralExpired";
    case AttestError.CollateralNoPlatform: return "CollateralNoPlatform";
    case AttestError.CrlMalformed: return "CrlMalformed";
    case AttestError.CrlSignature: return "CrlSignature";
    case AttestError.CrlExpired: return "CrlExpired";
    case AttestError.CrlMissing: return "CrlMissing";
    case AttestError.CollateralFetch: return "CollateralFetch";
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
