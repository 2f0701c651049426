// The TLS engine's errors. The codes (0x1000..0x10ff) are defined with the other layers' ranges
// at the bottom of the core (result/tls.ts); here each is mapped to the alert it sends (RFC 8446
// §6.2). Every TLS failure is 6 SecureSessionError (result/map.ts), except a peer certificate
// rejected by the verifier, which carries the verifier's own code (7, 8 or 9, migtd.md §2.5).
import * as A from "./alerts";
import { TlsErrorCode, tlsErrorName as errorName } from "../result/tls";
import { resultFor } from "../result/map";
export { TlsErrorCode, errorName };

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
    return new TlsError(code, alertFor(code), resultFor(code), message);
  }

  toString(): string {
    let s = errorName(this.code) + ": " + this.message;
    if (this.alert >= 0) s += " (" + A.alertName(<u8>this.alert) + ")";
    return s;
  }
}
