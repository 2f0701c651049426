// Every failure of every layer to the MigTD result code it is reported as (migtd.md §1.3, §2.5):
// one exhaustive switch over the ranges listed in codes.ts. A code not listed here returns
// RESULT_UNMAPPED, which test/core/failure-result.test.ts looks for by calling this for every
// member of every error enum it finds in assembly/result/.
//
// Where a result is decided (spec sections):
//   quote, certificate, collateral, TDREPORT, RA-TLS key binding  7  §2.5 V1 steps 1-3
//   event log does not parse / replay to the RTMRs                 8  §2.5 V1 step 4 (Intel's
//                                                                     verify callback reports it so)
//   policy unsatisfied                                              8  §2.5 V1 step 5, §3.3
//   policy invalid                                                  9  §3.3
//   policy v2: integrity 9, unsatisfied 8, pre-session format 6     §2.3, §2.5 V2, §3.5
//   TLS record, negotiation, authentication, peer alert             6  §2.4
//   RAW: VMM status 11, malformed request 1, unsupported op 12,
//        cancel 10, other transport failures 5                         §1.3, §1.6
//   rebinding: peer report 7, SERVTD_EXT / init TDINFO 8, missing
//        extensions 6, token size 5, TDCALL 4 (result/rebind.ts)      §2.9, §3.6
import {
  RESULT_SUCCESS, RESULT_SECURE_SESSION_ERROR, RESULT_MUTUAL_ATTESTATION_ERROR,
  RESULT_POLICY_UNSATISFIED, RESULT_INVALID_POLICY, RESULT_UNMAPPED, RESULT_INVALID_PARAMETER,
  RESULT_OUT_OF_RESOURCE, RESULT_NETWORK_ERROR, RESULT_VMM_CANCELED, RESULT_VMM_INTERNAL_ERROR,
  RESULT_UNSUPPORTED_OPERATION, RESULT_TDX_MODULE_ERROR,
} from "./codes";
import { AttestError } from "./attest";
import { X509Error } from "./x509";
import { PolicyErrorKind } from "./policy";
import { TlsErrorCode } from "./tls";
import { RaTlsError } from "./ratls";
import { PolicyV2Error } from "./policy_v2";
import { RawError } from "./raw";
import { RebindError } from "./rebind";

export function resultFor(error: i32): u8 {
  switch (error) {
    case 0: return RESULT_SUCCESS;
    // attest: quote, collateral, TDREPORT
    case AttestError.QuoteMalformed:
    case AttestError.QuoteUnsupportedVersion:
    case AttestError.QuoteNotTdx:
    case AttestError.QuoteUnsupportedKeyType:
    case AttestError.QuoteUnsupportedCertData:
    case AttestError.QuoteSignature:
    case AttestError.QeReportSignature:
    case AttestError.QeReportDataMismatch:
    case AttestError.QuoteUnsupportedBody:
    case AttestError.CollateralMalformed:
    case AttestError.CollateralSignature:
    case AttestError.CollateralExpired:
    case AttestError.CollateralNoPlatform:
    case AttestError.CrlMalformed:
    case AttestError.CrlSignature:
    case AttestError.CrlExpired:
    case AttestError.CrlMissing:
    case AttestError.CollateralFetch:
    case AttestError.TcbNoMatchingLevel:
    case AttestError.TcbModuleIdentity:
    case AttestError.QeIdentityMismatch:
    case AttestError.TcbRevoked:
    case AttestError.ReportMalformed:
    case AttestError.ReportHashMismatch: return RESULT_MUTUAL_ATTESTATION_ERROR;
    // attest: event log
    case AttestError.EventLogMalformed:
    case AttestError.EventLogRtmrMismatch: return RESULT_POLICY_UNSATISFIED;
    // x509
    case X509Error.CertMalformed:
    case X509Error.ChainIncomplete:
    case X509Error.ChainUntrustedRoot:
    case X509Error.CertSignature:
    case X509Error.CertExpired:
    case X509Error.CertNotCa:
    case X509Error.CertKeyUsage:
    case X509Error.CertRevoked:
    case X509Error.CertUnknownCritical:
    case X509Error.RootMalformed:
    case X509Error.PckExtensionMalformed: return RESULT_MUTUAL_ATTESTATION_ERROR;
    // policy
    case PolicyErrorKind.InvalidPolicy: return RESULT_INVALID_POLICY;
    case PolicyErrorKind.InvalidParameter:
    case PolicyErrorKind.InvalidEventLog:
    case PolicyErrorKind.PlatformNotFound:
    case PolicyErrorKind.PlatformNotMatch:
    case PolicyErrorKind.UnqualifiedPlatformInfo:
    case PolicyErrorKind.UnqualifiedQeInfo:
    case PolicyErrorKind.UnqualifiedTdxModuleInfo:
    case PolicyErrorKind.UnqualifiedMigTdInfo: return RESULT_POLICY_UNSATISFIED;
    // policy v2 (result/policy_v2.ts says why each group is 9, 8 or 6)
    case PolicyV2Error.Malformed:
    case PolicyV2Error.ChainInvalid:
    case PolicyV2Error.SignatureInvalid:
    case PolicyV2Error.CollateralInvalid:
    case PolicyV2Error.ServtdCollateralInvalid:
    case PolicyV2Error.IssuerMismatch:
    case PolicyV2Error.PolicyHashMismatch:
    case PolicyV2Error.OwnerMismatch: return RESULT_INVALID_POLICY;
    case PolicyV2Error.PolicySvnTooLow:
    case PolicyV2Error.TcbRevoked:
    case PolicyV2Error.UnqualifiedPlatformInfo:
    case PolicyV2Error.UnqualifiedMigTdInfo:
    case PolicyV2Error.InvalidParameter:
    case PolicyV2Error.InitTdInfoMismatch: return RESULT_POLICY_UNSATISFIED;
    case PolicyV2Error.PreSessionMalformed: return RESULT_SECURE_SESSION_ERROR;
    // tls
    case TlsErrorCode.UnexpectedMessage:
    case TlsErrorCode.DecodeError:
    case TlsErrorCode.RecordOverflow:
    case TlsErrorCode.BadRecordMac:
    case TlsErrorCode.HandshakeTooLarge:
    case TlsErrorCode.ProtocolVersion:
    case TlsErrorCode.NoCommonSuite:
    case TlsErrorCode.NoCommonGroup:
    case TlsErrorCode.NoCommonSignature:
    case TlsErrorCode.IllegalParameter:
    case TlsErrorCode.MissingExtension:
    case TlsErrorCode.UnsupportedExtension:
    case TlsErrorCode.Downgrade:
    case TlsErrorCode.BadCertificate:
    case TlsErrorCode.CertificateRejected:
    case TlsErrorCode.CertificateRequired:
    case TlsErrorCode.BadSignature:
    case TlsErrorCode.BadFinished:
    case TlsErrorCode.PeerAlert:
    case TlsErrorCode.PeerClosed:
    case TlsErrorCode.InternalError:
    case TlsErrorCode.BufferFull:
    case TlsErrorCode.Closed: return RESULT_SECURE_SESSION_ERROR;
    // ratls
    case RaTlsError.BadSelfSignature: return RESULT_MUTUAL_ATTESTATION_ERROR;
    case RaTlsError.Malformed:
    case RaTlsError.NotP384:
    case RaTlsError.MissingMigTdEku:
    case RaTlsError.MissingQuote:
    case RaTlsError.MissingTdReport:
    case RaTlsError.MissingEventLog: return RESULT_SECURE_SESSION_ERROR;
    // raw: the RAW host interface (migtd.md §1.3, §1.6)
    case RawError.VmmStatus: return RESULT_VMM_INTERNAL_ERROR;
    case RawError.LengthBeyondBuffer:
    case RawError.NoRequestId:
    case RawError.MigrationInfo:
    case RawError.TdReportLength:
    case RawError.MigtdDataLength:
    case RawError.LogAreaLength:
    case RawError.LogAreaReserved:
    case RawError.LogAreaLevel: return RESULT_INVALID_PARAMETER;
    case RawError.V2Only:
    case RawError.UnknownOperation:
    case RawError.LogAreaUnavailable: return RESULT_UNSUPPORTED_OPERATION;
    case RawError.Canceled: return RESULT_VMM_CANCELED;
    case RawError.CallFailed:
    case RawError.ReceiveEmpty:
    case RawError.ReceiveTooLong: return RESULT_NETWORK_ERROR;
    case RawError.NoSharedMemory: return RESULT_OUT_OF_RESOURCE;
    // rebind: V2 rebinding (migtd.md §2.9, §3.6)
    case RebindError.ReportMalformed:
    case RebindError.ReportMacInvalid:
    case RebindError.ReportHashMismatch:
    case RebindError.KeyBinding: return RESULT_MUTUAL_ATTESTATION_ERROR;
    case RebindError.MissingServtdExt: return RESULT_SECURE_SESSION_ERROR;
    case RebindError.ServtdExtMismatch:
    case RebindError.InitTdInfoMismatch:
    case RebindError.InitSvnHigher: return RESULT_POLICY_UNSATISFIED;
    case RebindError.TokenLength: return RESULT_NETWORK_ERROR;
    case RebindError.ApproveFailed:
    case RebindError.AcceptWriteFailed:
    case RebindError.ServtdExtReadFailed: return RESULT_TDX_MODULE_ERROR;
  }
  return RESULT_UNMAPPED;
}
