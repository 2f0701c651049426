// tls/: the TLS 1.3 engine's errors, range 0x1000..0x10ff. Their alerts are in tls/errors.ts,
// their MigTD result code (6 SecureSessionError, migtd.md §1.3) in map.ts.
export enum TlsErrorCode {
  // 0x1000: records (§5)
  UnexpectedMessage = 0x1001, // a message or record not allowed in this state
  DecodeError = 0x1002, // a message that does not parse
  RecordOverflow = 0x1003, // a record over the §5.1/§5.2 limits
  BadRecordMac = 0x1004, // AEAD open failed
  HandshakeTooLarge = 0x1005, // a handshake message over MAX_HANDSHAKE_MESSAGE
  // 0x1010: negotiation (§4.1)
  ProtocolVersion = 0x1010, // the peer does not speak TLS 1.3
  NoCommonSuite = 0x1011,
  NoCommonGroup = 0x1012,
  NoCommonSignature = 0x1013,
  IllegalParameter = 0x1014, // a value the peer may not choose (suite, group, HRR, ...)
  MissingExtension = 0x1015,
  UnsupportedExtension = 0x1016,
  Downgrade = 0x1017, // downgrade sentinel in ServerHello.random (§4.1.3)
  // 0x1020: authentication (§4.4)
  BadCertificate = 0x1020, // unparsable or not a P-384 key
  CertificateRejected = 0x1021, // the PeerVerifier said no
  CertificateRequired = 0x1022, // the peer sent no certificate (mutual auth is mandatory)
  BadSignature = 0x1023, // CertificateVerify does not verify
  BadFinished = 0x1024, // Finished verify_data mismatch
  // 0x1030: the peer
  PeerAlert = 0x1030, // a fatal alert received
  PeerClosed = 0x1031, // close_notify before the handshake completed
  // 0x1040: local
  InternalError = 0x1040, // randomness or key generation unavailable
  BufferFull = 0x1041, // unread application data over MAX_APP_BUFFER
  Closed = 0x1042, // the local side closed the engine
}

export function tlsErrorName(code: TlsErrorCode): string {
  switch (code) {
    case TlsErrorCode.UnexpectedMessage: return "UnexpectedMessage";
    case TlsErrorCode.DecodeError: return "DecodeError";
    case TlsErrorCode.RecordOverflow: return "RecordOverflow";
    case TlsErrorCode.BadRecordMac: return "BadRecordMac";
    case TlsErrorCode.HandshakeTooLarge: return "HandshakeTooLarge";
    case TlsErrorCode.ProtocolVersion: return "ProtocolVersion";
    case TlsErrorCode.NoCommonSuite: return "NoCommonSuite";
    case TlsErrorCode.NoCommonGroup: return "NoCommonGroup";
    case TlsErrorCode.NoCommonSignature: return "NoCommonSignature";
    case TlsErrorCode.IllegalParameter: return "IllegalParameter";
    case TlsErrorCode.MissingExtension: return "MissingExtension";
    case TlsErrorCode.UnsupportedExtension: return "UnsupportedExtension";
    case TlsErrorCode.Downgrade: return "Downgrade";
    case TlsErrorCode.BadCertificate: return "BadCertificate";
    case TlsErrorCode.CertificateRejected: return "CertificateRejected";
    case TlsErrorCode.CertificateRequired: return "CertificateRequired";
    case TlsErrorCode.BadSignature: return "BadSignature";
    case TlsErrorCode.BadFinished: return "BadFinished";
    case TlsErrorCode.PeerAlert: return "PeerAlert";
    case TlsErrorCode.PeerClosed: return "PeerClosed";
    case TlsErrorCode.InternalError: return "InternalError";
    case TlsErrorCode.BufferFull: return "BufferFull";
    case TlsErrorCode.Closed: return "Closed";
  }
  return "Unknown";
}
