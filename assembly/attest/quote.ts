// TDX quotes v4 and v5 (tdx-abi.md §5.2-5.3), parsed by the structure's own lengths: bytes after
// the signature data are ignored (some producers pad, go-tdx-guest's sample appends text).
// Inside the signature data everything is strict: each declared length must be consumed exactly.
import { Reader } from "../util/reader";
import { AttestError, Failure } from "./errors";
import { TdBody, parseTdBody, TD10_BODY_LEN, TD15_BODY_LEN } from "./body";
import { QeReport, parseQeReport, QE_REPORT_LEN } from "./qereport";

export const QUOTE_HEADER_LEN: i32 = 48;
export const TEE_TYPE_SGX: u32 = 0x00000000;
export const TEE_TYPE_TDX: u32 = 0x00000081;
export const ATT_KEY_ECDSA_P256: u32 = 2;
export const CERT_TYPE_PCK_CHAIN: u32 = 5;
export const CERT_TYPE_QE_REPORT: u32 = 6;
// v5 body types (tdx-abi.md §5.3).
export const BODY_SGX: u32 = 1;
export const BODY_TD10: u32 = 2;
export const BODY_TD15: u32 = 3;
// Bound on a quote's signature data: real ones are ~4.3 KB; MigTD's quote buffer is 8 KiB, leave
// room for longer chains.
export const QUOTE_MAX_SIG_DATA: u32 = 65536;

export class Quote {
  version: u32 = 0;
  attKeyType: u32 = 0;
  teeType: u32 = 0;
  qeSvn: u32 = 0;
  pceSvn: u32 = 0;
  qeVendor: Uint8Array = new Uint8Array(0);
  userData: Uint8Array = new Uint8Array(0);
  bodyType: u32 = BODY_TD10; // v4 always carries a TD 1.0 body
  body: TdBody = new TdBody();
  signedBytes: Uint8Array = new Uint8Array(0); // header (+ v5 type/size) + body
  signature: Uint8Array = new Uint8Array(0); // raw r||s, 64
  attestationKey: Uint8Array = new Uint8Array(0); // raw X||Y, 64
  qeReportRaw: Uint8Array = new Uint8Array(0); // 384
  qeReport: QeReport = new QeReport();
  qeReportSignature: Uint8Array = new Uint8Array(0); // raw r||s, 64
  qeAuthData: Uint8Array = new Uint8Array(0);
  pckChainPem: Uint8Array = new Uint8Array(0);
  sigDataLen: u32 = 0;
  structLen: i32 = 0; // bytes the structure covers; the rest of the input is ignored
}

export class QuoteParse {
  quote: Quote | null = null;
  failure: Failure | null = null;
}

function fail(code: AttestError, msg: string): QuoteParse {
  const p = new QuoteParse();
  p.failure = new Failure(code, msg);
  return p;
}

export function parseQuote(b: Uint8Array): QuoteParse {
  const r = new Reader(b);
  const q = new Quote();
  q.version = r.u16();
  q.attKeyType = r.u16();
  q.teeType = r.u32();
  q.qeSvn = r.u16();
  q.pceSvn = r.u16();
  q.qeVendor = r.bytes(16);
  q.userData = r.bytes(20);
  if (r.failed) return fail(AttestError.QuoteMalformed, "quote shorter than its 48-byte header");
  if (q.teeType != TEE_TYPE_TDX) {
    const kind = q.teeType == TEE_TYPE_SGX ? "an SGX quote" : "TEE type 0x" + q.teeType.toString(16);
    return fail(AttestError.QuoteNotTdx, "not a TDX quote: " + kind + " (version " + q.version.toString() + ")");
  }
  if (q.version != 4 && q.version != 5) return fail(AttestError.QuoteUnsupportedVersion, "unsupported TDX quote version " + q.version.toString());
  if (q.attKeyType != ATT_KEY_ECDSA_P256) return fail(AttestError.QuoteUnsupportedKeyType, "unsupported attestation key type " + q.attKeyType.toString());

  let bodyLen = TD10_BODY_LEN;
  if (q.version == 5) {
    q.bodyType = r.u16();
    const size = r.u32();
    if (r.failed) return fail(AttestError.QuoteMalformed, "quote v5 truncated in the body descriptor");
    if (q.bodyType == BODY_TD10) bodyLen = TD10_BODY_LEN;
    else if (q.bodyType == BODY_TD15) bodyLen = TD15_BODY_LEN;
    else return fail(AttestError.QuoteUnsupportedBody, "quote v5 body type " + q.bodyType.toString() + " is not a TD report");
    if (size != <u32>bodyLen) return fail(AttestError.QuoteMalformed, "quote v5 body size does not match its type");
  }
  const body = r.take(bodyLen);
  if (r.failed) return fail(AttestError.QuoteMalformed, "quote truncated in the body");
  q.body = parseTdBody(body, q.bodyType == BODY_TD15);
  q.signedBytes = b.subarray(0, r.pos);

  q.sigDataLen = r.u32();
  if (r.failed || q.sigDataLen > QUOTE_MAX_SIG_DATA || q.sigDataLen > <u32>r.remaining) {
    return fail(AttestError.QuoteMalformed, "quote signature data length runs past the input");
  }
  const s = r.sub(<i32>q.sigDataLen);
  q.structLen = r.pos;
  q.signature = s.bytes(64);
  q.attestationKey = s.bytes(64);
  const certType = s.u16();
  const certLen = s.u32();
  if (s.failed) return fail(AttestError.QuoteMalformed, "quote signature data truncated");
  if (certType != CERT_TYPE_QE_REPORT) return fail(AttestError.QuoteUnsupportedCertData, "certification data type " + certType.toString() + " (expected 6, QE report)");
  if (certLen != <u32>s.remaining) return fail(AttestError.QuoteMalformed, "certification data length does not match the signature data");
  const c = s.sub(<i32>certLen);
  q.qeReportRaw = c.bytes(QE_REPORT_LEN);
  q.qeReportSignature = c.bytes(64);
  const authLen = c.u16();
  q.qeAuthData = c.bytes(<i32>authLen);
  const innerType = c.u16();
  const innerLen = c.u32();
  if (c.failed) return fail(AttestError.QuoteMalformed, "QE report certification data truncated");
  if (innerType != CERT_TYPE_PCK_CHAIN) return fail(AttestError.QuoteUnsupportedCertData, "nested certification data type " + innerType.toString() + " (expected 5, PCK chain)");
  if (innerLen != <u32>c.remaining) return fail(AttestError.QuoteMalformed, "PCK chain length does not match the certification data");
  q.pckChainPem = c.bytes(<i32>innerLen);
  q.qeReport = parseQeReport(q.qeReportRaw);
  const out = new QuoteParse();
  out.quote = q;
  return out;
}
