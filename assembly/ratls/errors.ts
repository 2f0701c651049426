// RA-TLS certificate errors, in their own range (0x1100..0x11ff, after TlsErrorCode). Each maps
// to a MigTD result code (migtd.md §2.5): a certificate that is not a MigTD certificate is 6
// SecureSessionError; a self-signature that does not verify breaks the key binding, 7
// MutualAttestationError.
export enum RaTlsError {
  None = 0,
  Malformed = 0x1101, // not a parsable X.509 certificate
  NotP384 = 0x1102, // not an ECDSA P-384 key / ecdsa-with-SHA384 signature
  MissingMigTdEku = 0x1103, // extKeyUsage without 1.2.840.113741.1.5.5.1.1
  MissingQuote = 0x1104,
  MissingEventLog = 0x1105,
  BadSelfSignature = 0x1106,
}

export function raTlsResultCode(e: RaTlsError): u8 {
  if (e == RaTlsError.None) return 0;
  if (e == RaTlsError.BadSelfSignature) return 7;
  return 6;
}
