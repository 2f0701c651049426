// The TLS engine's errors: one enum in its own range (0x1000..0x10ff, apart from AttestError's
// 0x100..0x5ff), each mapped to the alert it sends (RFC 8446 §6.2) and to a MigTD result code
// (migtd.md §1.3): every TLS failure is 6 SecureSessionError, except a peer certificate rejected
// by the verifier, which carries the verifier's own code (7, 8 or 9, §2.5).
import * as A from "./alerts";

export const RESULT_SECURE_SESSION_ERROR: u8 = 6;

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

// The alert this engine sends for each error (§6.2). PeerAlert and PeerClosed send none.
export function alertFor(code: TlsErrorCode): i32 {
  switch (code) {
    case TlsErrorCode.UnexpectedMessage: return A.ALERT_UNEXPECTED_MESSAGE;
    case TlsErrorCode.DecodeError: return A.ALERT_DECODE_ERROR;
    case TlsErrorCode.RecordOverflow: return A.ALERT_RECORD_OVERFLOW;
    case TlsErrorCode.BadRecordMac: return A.ALERT_BAD_RECORD_MAC;
    case TlsErrorCode.HandshakeTooLarge: return A.ALERT_DECODE_ERROR;
    case TlsErrorCode.ProtocolVersion: return A.ALERT_PROTOCOL_VERSION;
    case TlsErrorCode.NoCommonSuite: return A.ALERT_HANDSHAKE_FAILURE;
    case TlsErrorCode.NoCommonGroup: return A.ALERT_HANDSHAKE_FAILURE;
    case TlsErrorCode.NoCommonSignature: return A.ALERT_HANDSHAKE_FAILURE;
    case TlsErrorCode.IllegalParameter: return A.ALERT_ILLEGAL_PARAMETER;
    case TlsErrorCode.MissingExtension: return A.ALERT_MISSING_EXTENSION;
    case TlsErrorCode.UnsupportedExtension: return A.ALERT_UNSUPPORTED_EXTENSION;
    case TlsErrorCode.Downgrade: return A.ALERT_ILLEGAL_PARAMETER;
    case TlsErrorCode.BadCertificate: return A.ALERT_BAD_CERTIFICATE;
    case TlsErrorCode.CertificateRejected: return A.ALERT_BAD_CERTIFICATE;
    case TlsErrorCode.CertificateRequired: return A.ALERT_CERTIFICATE_REQUIRED;
    case TlsErrorCode.BadSignature: return A.ALERT_DECRYPT_ERROR;
    case TlsErrorCode.BadFinished: return A.ALERT_DECRYPT_ERROR;
    case TlsErrorCode.InternalError: return A.ALERT_INTERNAL_ERROR;
    case TlsErrorCode.BufferFull: return A.ALERT_INTERNAL_ERROR;
    case TlsErrorCode.Closed: return A.ALERT_USER_CANCELED;
  }
  return -1;
}

export function errorName(code: TlsErrorCode): string {
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

// The first failure of an engine (sticky, STYLE.md #5). `alert` is the description sent, or for
// PeerAlert the one received (`fromPeer`); -1 when none. `result` is the MigTD result code to
// report.
export class TlsError {
  constructor(
    public code: TlsErrorCode,
    public alert: i32,
    public result: u8,
    public message: string,
    public fromPeer: bool = false,
  ) {}

  static local(code: TlsErrorCode, message: string): TlsError {
    return new TlsError(code, alertFor(code), RESULT_SECURE_SESSION_ERROR, message);
  }

  toString(): string {
    let s = errorName(this.code) + ": " + this.message;
    if (this.alert >= 0) s += " (" + A.alertName(<u8>this.alert) + ")";
    return s;
  }
}
