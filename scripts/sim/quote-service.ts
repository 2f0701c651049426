// The quote service (the host's QE + QGS): checks that a TDREPORT was made by this platform's TDX
// module, then wraps it into a TDX v4 quote, ECDSA-256 with P-256 (tdx-abi.md §5.2):
//   header (48) | TD 1.0 body (584) | u32 L | signature data:
//   signature over [0, 632) (64) | attestation public key (64) |
//   certification data type 6 { QE report (384) | QE report signature by the PCK key (64) |
//     u16 auth size | auth data | certification data type 5 { PEM PCK chain } }
// with QE REPORTDATA = SHA-256(attestation key || QE auth data) || 32 zero bytes.
// It also speaks the QGS message protocol the guest library frames its requests in (migtd.md
// §1.7): GET_QUOTE_REQ in, GET_QUOTE_RESP out; GET_COLLATERAL_REQ in, GET_COLLATERAL_RESP out
// with the collateral of its PCK chain (collateral.ts), possibly with an injected fault.
import { createHash } from "node:crypto";
import { PckChain, TestKey, defaultPckChain, deriveKey, signP256 } from "./pck-chain.ts";
import { CollateralFault, CollateralParts, buildCollateral } from "./collateral.ts";

export interface ReportChecker {
  verifyReportMac(report: Uint8Array): boolean;
}

export const QUOTE_VERSION = 4;
export const ATT_KEY_ECDSA_P256 = 2;
export const TEE_TYPE_TDX = 0x81;
// Intel's QE vendor ID 939A7233-F79C-4CA9-940A-0DB3957F0607 (tdx-abi.md §5.2).
export const QE_VENDOR_INTEL = Uint8Array.from([0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9, 0x94, 0x0a, 0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07]);
export const CERT_PCK_CHAIN = 5;
export const CERT_QE_REPORT = 6;
const HEADER_LEN = 48;
const BODY_LEN = 584;
const SIGNED_LEN = HEADER_LEN + BODY_LEN; // 632

// QGS message protocol (migtd.md §1.7): header {u16 major 1, u16 minor, u32 type, u32 size,
// u32 error_code}; GET_QUOTE_REQ = header + u32 report_size + u32 id_list_size + report (+ ids);
// GET_QUOTE_RESP = header + u32 selected_id_size + u32 quote_size + id + quote.
export const QGS = {
  HEADER_LEN: 16,
  MAJOR: 1,
  GET_QUOTE_REQ: 0,
  GET_QUOTE_RESP: 1,
  GET_COLLATERAL_REQ: 2,
  GET_COLLATERAL_RESP: 3,
  SUCCESS: 0,
  // Error codes in the GET_QUOTE_RESP header (Intel QGS qgs_msg_lib).
  ERROR_UNEXPECTED: 0x0001_2001,
  ERROR_INVALID_PARAMETER: 0x0001_2003,
  ERROR_INVALID_VERSION: 0x0001_2004,
  ERROR_INVALID_TYPE: 0x0001_2005,
  ERROR_INVALID_SIZE: 0x0001_2006,
} as const;

export interface QuoteServiceOptions {
  chain?: PckChain; // default: the seeded test chain
  seed?: string; // attestation key / QE identity seed
  qeAuthData?: Uint8Array; // default: 32 bytes 0..31
  qeSvn?: number;
  userData?: Uint8Array; // 20 bytes (first 16: platform identifier)
}

const sha256 = (...parts: Uint8Array[]) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export class QuoteService {
  readonly chain: PckChain;
  readonly attestationKey: TestKey;
  readonly qeAuthData: Uint8Array;
  qeSvn: number;
  userData: Uint8Array;
  quotesIssued = 0;
  reportsRefused = 0;
  // Test hook for a dishonest platform: quote this REPORTDATA instead of the report's own, so the
  // quote no longer binds the key the MigTD put in its certificate.
  reportDataOverride: Uint8Array | null = null;
  // GET_COLLATERAL: the fault every answer carries (none by default), the requests seen, and the
  // instant the collateral is issued at (default: now).
  collateralFault: CollateralFault | undefined = undefined;
  collateralRequests: { fmspc: string; pckCa: string }[] = [];
  collateralIssuedAt: Date | undefined = undefined;
  // Other platforms (FMSPCs) the host's PCS has collateral for, besides its own PCK chain's: a
  // peer MigTD may run on another platform type.
  collateralFmspcs: Uint8Array[] = [];

  constructor(readonly module: ReportChecker, opts: QuoteServiceOptions = {}) {
    const seed = opts.seed ?? "migtd-sim";
    this.chain = opts.chain ?? defaultPckChain();
    this.attestationKey = deriveKey(seed, "attestation-key");
    this.qeAuthData = opts.qeAuthData ?? Uint8Array.from({ length: 32 }, (_, i) => i);
    this.qeSvn = opts.qeSvn ?? 4;
    this.userData = opts.userData ?? sha256(new TextEncoder().encode(`${seed}/platform`)).subarray(0, 20);
  }

  // The quote for a 1024-byte TDREPORT, or null when the report is not this module's (bad MAC).
  quote(report: Uint8Array): Uint8Array | null {
    if (report.length !== 1024 || report[0] !== 0x81 || !this.module.verifyReportMac(report)) {
      this.reportsRefused++;
      return null;
    }
    const signed = new Uint8Array(SIGNED_LEN);
    signed.set(this.header(), 0);
    const body = tdBody(report);
    if (this.reportDataOverride) body.set(this.reportDataOverride.subarray(0, 64), 520); // TD 1.0 body REPORTDATA
    signed.set(body, HEADER_LEN);
    const sigData = this.signatureData(signed);
    const out = new Uint8Array(SIGNED_LEN + 4 + sigData.length);
    out.set(signed, 0);
    new DataView(out.buffer).setUint32(SIGNED_LEN, sigData.length, true);
    out.set(sigData, SIGNED_LEN + 4);
    this.quotesIssued++;
    return out;
  }

  private header(): Uint8Array {
    const h = new Uint8Array(HEADER_LEN);
    const v = new DataView(h.buffer);
    v.setUint16(0, QUOTE_VERSION, true);
    v.setUint16(2, ATT_KEY_ECDSA_P256, true);
    v.setUint32(4, TEE_TYPE_TDX, true);
    // 8..12 reserved in v4
    h.set(QE_VENDOR_INTEL, 12);
    h.set(this.userData.subarray(0, 20), 28);
    return h;
  }

  // The QE's SGX REPORTBODY (384 bytes; offsets as assembly-independent constants of the SGX
  // REPORT structure): CPUSVN @0, MISCSELECT @16, ATTRIBUTES @48, MRENCLAVE @64, MRSIGNER @128,
  // ISVPRODID @256, ISVSVN @258, REPORTDATA @320.
  qeReport(): Uint8Array {
    const r = new Uint8Array(384);
    const v = new DataView(r.buffer);
    r.set(this.chain.tcb.cpuSvn, 0);
    r.set(Uint8Array.from([0x11, 0, 0, 0, 0, 0, 0, 0, 0xe7]), 48); // INIT|MODE64BIT, XFRM
    r.set(sha256(new TextEncoder().encode("simulated TD QE enclave")), 64);
    r.set(sha256(new TextEncoder().encode("simulated TD QE signer")), 128);
    v.setUint16(256, 2, true); // TD QE product id
    v.setUint16(258, this.qeSvn, true);
    r.set(sha256(this.attestationKey.publicKey.subarray(1), this.qeAuthData), 320);
    return r;
  }

  private signatureData(signed: Uint8Array): Uint8Array {
    const pem = new TextEncoder().encode(this.chain.pem);
    const qeReport = this.qeReport();
    const inner = cert(CERT_PCK_CHAIN, pem);
    const auth = new Uint8Array(2 + this.qeAuthData.length);
    new DataView(auth.buffer).setUint16(0, this.qeAuthData.length, true);
    auth.set(this.qeAuthData, 2);
    const qeCert = cert(CERT_QE_REPORT, concat(qeReport, signP256(this.chain.pck.key, qeReport), auth, inner));
    return concat(signP256(this.attestationKey, signed), this.attestationKey.publicKey.subarray(1), qeCert);
  }

  // One QGS message in, one out (the response is always a GET_QUOTE_RESP; on failure its
  // error_code is set and quote_size is 0).
  serve(msg: Uint8Array): Uint8Array {
    const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
    if (msg.length < QGS.HEADER_LEN + 8) return qgsResponse(QGS.ERROR_INVALID_SIZE, null);
    if (v.getUint16(0, true) !== QGS.MAJOR) return qgsResponse(QGS.ERROR_INVALID_VERSION, null);
    if (v.getUint32(4, true) === QGS.GET_COLLATERAL_REQ) return collateralAnswer(this, msg);
    if (v.getUint32(4, true) !== QGS.GET_QUOTE_REQ) return qgsResponse(QGS.ERROR_INVALID_TYPE, null);
    const reportSize = v.getUint32(16, true);
    const idListSize = v.getUint32(20, true);
    if (v.getUint32(8, true) !== msg.length || reportSize !== 1024 || QGS.HEADER_LEN + 8 + reportSize + idListSize !== msg.length) {
      return qgsResponse(QGS.ERROR_INVALID_SIZE, null);
    }
    const quote = this.quote(msg.subarray(24, 24 + reportSize));
    return quote ? qgsResponse(QGS.SUCCESS, quote) : qgsResponse(QGS.ERROR_INVALID_PARAMETER, null);
  }
}

export interface QeFactsSource { teeTcbSvn?: Uint8Array }

// GET_COLLATERAL_REQ = header + u32 fmspc_size + u32 pckca_size + FMSPC + NUL-terminated PCK CA.
function collateralAnswer(svc: QuoteService, msg: Uint8Array): Uint8Array {
  const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  const fmspcSize = v.getUint32(16, true);
  const caSize = v.getUint32(20, true);
  if (v.getUint32(8, true) !== msg.length || fmspcSize === 0 || caSize === 0 || QGS.HEADER_LEN + 8 + fmspcSize + caSize !== msg.length) {
    return qgsCollateralResponse(QGS.ERROR_INVALID_SIZE, null);
  }
  const fmspc = msg.subarray(24, 24 + fmspcSize);
  const ca = Buffer.from(msg.subarray(24 + fmspcSize, 24 + fmspcSize + caSize)).toString("latin1").replace(/\0+$/, "");
  svc.collateralRequests.push({ fmspc: Buffer.from(fmspc).toString("hex"), pckCa: ca });
  const known = [svc.chain.tcb.fmspc, ...svc.collateralFmspcs].some((f) => Buffer.compare(Buffer.from(fmspc), Buffer.from(f)) === 0);
  if (!known || ca !== "platform") {
    return qgsCollateralResponse(QGS.ERROR_UNEXPECTED, null); // the PCS has nothing for it
  }
  const q = svc.qeReport();
  const dv = new DataView(q.buffer);
  const parts = buildCollateral({
    chain: svc.chain,
    teeTcbSvn: (svc.module as QeFactsSource).teeTcbSvn ?? Uint8Array.from([3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    qe: { mrSigner: q.subarray(128, 160), isvProdId: dv.getUint16(256, true), isvSvn: dv.getUint16(258, true), miscSelect: dv.getUint32(16, true), attributes: q.subarray(48, 64) },
    issuedAt: svc.collateralIssuedAt,
    fault: svc.collateralFault,
    fmspc: Uint8Array.from(fmspc),
  });
  return qgsCollateralResponse(QGS.SUCCESS, parts);
}

// GET_COLLATERAL_RESP as Intel's qgs_msg_lib writes it: header | u16 major | u16 minor | seven u32
// sizes | the seven parts | 4 zero bytes (its size accounting counts the version fields twice).
// Text parts carry their NUL; CRLs are DER (collateral version 3.1).
export function qgsCollateralResponse(errorCode: number, p: CollateralParts | null): Uint8Array {
  const text = (s: string) => new Uint8Array(Buffer.concat([Buffer.from(s, "utf8"), Buffer.of(0)]));
  const blobs = p
    ? [text(p.pckCrlIssuerChain), p.rootCaCrl, p.pckCrl, text(p.tcbInfoIssuerChain), text(p.tcbInfo), text(p.qeIdentityIssuerChain), text(p.qeIdentity)]
    : [];
  const fixed = QGS.HEADER_LEN + 4 + 7 * 4;
  const total = blobs.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(fixed + total + (p ? 4 : 0));
  const v = new DataView(out.buffer);
  v.setUint16(0, QGS.MAJOR, true);
  v.setUint16(2, 0, true);
  v.setUint32(4, QGS.GET_COLLATERAL_RESP, true);
  v.setUint32(8, out.length, true);
  v.setUint32(12, errorCode, true);
  v.setUint16(16, p ? 3 : 0, true);
  v.setUint16(18, p ? 1 : 0, true);
  let off = fixed;
  blobs.forEach((b, i) => {
    v.setUint32(20 + 4 * i, b.length, true);
    out.set(b, off);
    off += b.length;
  });
  return out;
}

// TD quote body 1.0 from TDREPORT fields (tdx-abi.md §5.1 -> §5.2).
export function tdBody(report: Uint8Array): Uint8Array {
  const b = new Uint8Array(BODY_LEN);
  const copy = (from: number, len: number, to: number) => b.set(report.subarray(from, from + len), to);
  copy(264, 16, 0); // TEE_TCB_SVN
  copy(280, 48, 16); // MRSEAM
  copy(328, 48, 64); // MRSIGNERSEAM
  copy(376, 8, 112); // SEAM ATTRIBUTES
  copy(512, 8, 120); // TD ATTRIBUTES
  copy(520, 8, 128); // XFAM
  copy(528, 48, 136); // MRTD
  copy(576, 48, 184); // MRCONFIGID
  copy(624, 48, 232); // MROWNER
  copy(672, 48, 280); // MROWNERCONFIG
  copy(720, 192, 328); // RTMR0..3
  copy(128, 64, 520); // REPORTDATA
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

function cert(type: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(6 + data.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, type, true);
  v.setUint32(2, data.length, true);
  out.set(data, 6);
  return out;
}

export function qgsResponse(errorCode: number, quote: Uint8Array | null): Uint8Array {
  const q = quote ?? new Uint8Array(0);
  const out = new Uint8Array(QGS.HEADER_LEN + 8 + q.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, QGS.MAJOR, true);
  v.setUint16(2, 0, true);
  v.setUint32(4, QGS.GET_QUOTE_RESP, true);
  v.setUint32(8, out.length, true);
  v.setUint32(12, errorCode, true);
  v.setUint32(16, 0, true); // selected_id_size
  v.setUint32(20, q.length, true);
  out.set(q, 24);
  return out;
}

// GET_QUOTE_REQ for a report, as the guest library frames it (without the 4-byte length prefix).
export function qgsGetQuoteRequest(report: Uint8Array): Uint8Array {
  const out = new Uint8Array(QGS.HEADER_LEN + 8 + report.length);
  const v = new DataView(out.buffer);
  v.setUint16(0, QGS.MAJOR, true);
  v.setUint32(4, QGS.GET_QUOTE_REQ, true);
  v.setUint32(8, out.length, true);
  v.setUint32(16, report.length, true);
  v.setUint32(20, 0, true);
  out.set(report, 24);
  return out;
}

// Parses a GET_QUOTE_RESP: the error code and the quote (null unless success).
export function parseQgsResponse(msg: Uint8Array): { errorCode: number; quote: Uint8Array | null } | null {
  if (msg.length < QGS.HEADER_LEN + 8) return null;
  const v = new DataView(msg.buffer, msg.byteOffset, msg.byteLength);
  if (v.getUint16(0, true) !== QGS.MAJOR || v.getUint32(4, true) !== QGS.GET_QUOTE_RESP || v.getUint32(8, true) !== msg.length) return null;
  const idSize = v.getUint32(16, true);
  const quoteSize = v.getUint32(20, true);
  if (24 + idSize + quoteSize !== msg.length) return null;
  const errorCode = v.getUint32(12, true);
  return { errorCode, quote: errorCode === 0 && quoteSize > 0 ? msg.slice(24 + idSize) : null };
}
