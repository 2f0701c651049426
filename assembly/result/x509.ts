// x509/: certificate, chain and CRL errors (RFC 5280), range 0x0200..0x02ff. A chain that does
// not validate is a MutualAttestationError (migtd.md §1.3, §2.5); map.ts holds that mapping.
export enum X509Error {
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
}

export function x509ErrorName(e: X509Error): string {
  switch (e) {
    case X509Error.CertMalformed: return "CertMalformed";
    case X509Error.ChainIncomplete: return "ChainIncomplete";
    case X509Error.ChainUntrustedRoot: return "ChainUntrustedRoot";
    case X509Error.CertSignature: return "CertSignature";
    case X509Error.CertExpired: return "CertExpired";
    case X509Error.CertNotCa: return "CertNotCa";
    case X509Error.CertKeyUsage: return "CertKeyUsage";
    case X509Error.CertRevoked: return "CertRevoked";
    case X509Error.CertUnknownCritical: return "CertUnknownCritical";
    case X509Error.RootMalformed: return "RootMalformed";
    case X509Error.PckExtensionMalformed: return "PckExtensionMalformed";
  }
  return "";
}
