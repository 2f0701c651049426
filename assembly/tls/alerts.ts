// AlertDescription values (RFC 8446 §6) and the alert record's body (§6: level, description).
export const ALERT_LEVEL_WARNING: u8 = 1;
export const ALERT_LEVEL_FATAL: u8 = 2;

export const ALERT_CLOSE_NOTIFY: u8 = 0;
export const ALERT_UNEXPECTED_MESSAGE: u8 = 10;
export const ALERT_BAD_RECORD_MAC: u8 = 20;
export const ALERT_RECORD_OVERFLOW: u8 = 22;
export const ALERT_HANDSHAKE_FAILURE: u8 = 40;
export const ALERT_BAD_CERTIFICATE: u8 = 42;
export const ALERT_UNSUPPORTED_CERTIFICATE: u8 = 43;
export const ALERT_CERTIFICATE_UNKNOWN: u8 = 46;
export const ALERT_ILLEGAL_PARAMETER: u8 = 47;
export const ALERT_DECODE_ERROR: u8 = 50;
export const ALERT_DECRYPT_ERROR: u8 = 51;
export const ALERT_PROTOCOL_VERSION: u8 = 70;
export const ALERT_INTERNAL_ERROR: u8 = 80;
export const ALERT_USER_CANCELED: u8 = 90;
export const ALERT_MISSING_EXTENSION: u8 = 109;
export const ALERT_UNSUPPORTED_EXTENSION: u8 = 110;
export const ALERT_CERTIFICATE_REQUIRED: u8 = 116;

export function alertName(d: u8): string {
  switch (d) {
    case ALERT_CLOSE_NOTIFY: return "close_notify";
    case ALERT_UNEXPECTED_MESSAGE: return "unexpected_message";
    case ALERT_BAD_RECORD_MAC: return "bad_record_mac";
    case ALERT_RECORD_OVERFLOW: return "record_overflow";
    case ALERT_HANDSHAKE_FAILURE: return "handshake_failure";
    case ALERT_BAD_CERTIFICATE: return "bad_certificate";
    case ALERT_UNSUPPORTED_CERTIFICATE: return "unsupported_certificate";
    case ALERT_CERTIFICATE_UNKNOWN: return "certificate_unknown";
    case ALERT_ILLEGAL_PARAMETER: return "illegal_parameter";
    case ALERT_DECODE_ERROR: return "decode_error";
    case ALERT_DECRYPT_ERROR: return "decrypt_error";
    case ALERT_PROTOCOL_VERSION: return "protocol_version";
    case ALERT_INTERNAL_ERROR: return "internal_error";
    case ALERT_USER_CANCELED: return "user_canceled";
    case ALERT_MISSING_EXTENSION: return "missing_extension";
    case ALERT_UNSUPPORTED_EXTENSION: return "unsupported_extension";
    case ALERT_CERTIFICATE_REQUIRED: return "certificate_required";
  }
  return "alert(" + d.toString() + ")";
}
