// ratls/: RA-TLS certificate errors, range 0x1100..0x11ff. A certificate that is not a MigTD
// certificate is 6 SecureSessionError; a self-signature that does not verify breaks the key
// binding, 7 MutualAttestationError (migtd.md §2.5): map.ts.
export enum RaTlsError {
  None = 0,
  Malformed = 0x1101, // not a parsable X.509 certificate
  NotP384 = 0x1102, // not an ECDSA P-384 key / ecdsa-with-SHA384 signature
  MissingMigTdEku = 0x1103, // extKeyUsage without 1.2.840.113741.1.5.5.1.1
  MissingQuote = 0x1104,
  MissingEventLog = 0x1105,
  BadSelfSignature = 0x1106,
  MissingTdReport = 0x1107, // a rebinding certificate without its TD report (…1.5, §2.9)
}
