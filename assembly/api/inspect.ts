// Library exports for `migtd inspect` (the local web page): explanations of what the verifier
// decides, never decisions of their own. The verdicts the page shows come from api_quote_verify,
// api_eventlog, api_tdreport and policy_evaluate; these add what a person needs to see why:
//   api_inspect_quote_layout  every field of a quote with its offset and length;
//   api_inspect_chain         each certificate of the PCK and collateral chains with each check;
//   api_inspect_tcb           every TCB level of the collateral and why it did or did not match;
//   api_inspect_ratls         the quote and event log carried by an RA-TLS certificate.
import { bytesIn, returnString } from "./memory";
import { JsonWriter } from "../json/writer";
import { toUpperHex } from "../util/hex";
import { bytesEqual } from "../util/bytes";
import { AttestError, errorName } from "../attest/errors";
import { X509Error } from "../x509/errors";
import { resultFor } from "../result/map";
import { resultName } from "../result/codes";
import { RaTlsError } from "../result/ratls";
import { parseQuote, Quote, QUOTE_HEADER_LEN, BODY_TD15 } from "../attest/quote";
import { parsePemChain } from "../attest/pckchain";
import { parsePckExtension, PckInfo } from "../attest/pckext";
import { parseCollateral } from "../attest/collateral/load";
import { Collateral, SignedJson } from "../attest/collateral/types";
import { parseTcbInfo, TcbLevel, TcbInfo } from "../attest/collateral/tcbinfo";
import { parseQeIdentity } from "../attest/collateral/qeidentity";
import { matchPlatformLevel, matchSvnLevel, skipsModuleBytes } from "../attest/collateral/match";
import { Certificate, parseCertificate, KU_KEY_CERT_SIGN } from "../x509/cert";
import { sameKey, crlSignedBy } from "../x509/chain";
import { isUnderstood } from "../x509/extensions";
import { verifyDerSignature } from "../x509/signature";
import { Crl, isRevoked } from "../x509/crl";
import { commonName } from "../x509/name";
import { parseRaTlsCert } from "../ratls/parse";

function errorFields(w: JsonWriter, code: i32, reason: string): void {
  if (code == 0) {
    w.nul("error").nul("errorCode").num("resultCode", 0);
  } else {
    w.str("error", reason).str("errorCode", errorName(code)).num("resultCode", <f64>resultFor(code));
  }
}

// ---- quote layout ---------------------------------------------------------------------------
// Offsets follow tdx-abi.md §5.2 (v4: header 48 | body) and §5.3 (v5: header 48 | u16 body type |
// u32 body size | body); the parser (attest/quote.ts) reads the same order. Each field's value is
// the raw bytes at its offset, so a test can hold this table against the parser's values.

class Layout {
  w: JsonWriter;
  at: i32 = 0;
  constructor(w: JsonWriter, public src: Uint8Array) { this.w = w; }
  field(section: string, name: string, len: i32): void {
    const w = this.w;
    w.beginObject().str("section", section).str("name", name).num("offset", <f64>this.at).num("length", <f64>len);
    if (len <= 64 && this.at + len <= this.src.length) w.hex("hex", this.src.subarray(this.at, this.at + len));
    w.endObject();
    this.at += len;
  }
}

const BODY_FIELDS: string[] = ["teeTcbSvn", "mrSeam", "mrSignerSeam", "seamAttributes", "tdAttributes", "xfam", "mrtd",
  "mrConfigId", "mrOwner", "mrOwnerConfig", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "reportData"];
const BODY_SIZES: i32[] = [16, 48, 48, 8, 8, 8, 48, 48, 48, 48, 48, 48, 48, 48, 64];
// SGX REPORTBODY as the QE report (Intel SGX SDM, REPORT structure without KEYID/MAC): the sizes
// add up to QE_REPORT_LEN (384), which test/inspect/core-api.test.ts checks.
const QE_FIELDS: string[] = ["cpuSvn", "miscSelect", "reserved1", "attributes", "mrEnclave", "reserved2", "mrSigner",
  "reserved3", "isvProdId", "isvSvn", "reserved4", "reportData"];
const QE_SIZES: i32[] = [16, 4, 28, 16, 32, 32, 32, 96, 2, 2, 60, 64];

function writeLayout(w: JsonWriter, q: Quote, src: Uint8Array): void {
  const l = new Layout(w, src);
  w.beginArray("fields");
  l.field("header", "version", 2);
  l.field("header", "attKeyType", 2);
  l.field("header", "teeType", 4);
  l.field("header", q.version == 4 ? "reserved" : "qeSvn", 2);
  l.field("header", q.version == 4 ? "reserved" : "pceSvn", 2);
  l.field("header", "qeVendor", 16);
  l.field("header", "userData", 20);
  if (q.version == 5) {
    l.field("body descriptor", "bodyType", 2);
    l.field("body descriptor", "bodySize", 4);
  }
  for (let i = 0; i < BODY_FIELDS.length; i++) l.field("body", BODY_FIELDS[i], BODY_SIZES[i]);
  if (q.bodyType == BODY_TD15) {
    l.field("body", "teeTcbSvn2", 16);
    l.field("body", "mrServiceTd", 48);
  }
  l.field("signature data", "sigDataLen", 4);
  l.field("signature data", "signature", 64);
  l.field("signature data", "attestationKey", 64);
  l.field("signature data", "certDataType", 2);
  l.field("signature data", "certDataLen", 4);
  for (let i = 0; i < QE_FIELDS.length; i++) l.field("QE report", QE_FIELDS[i], QE_SIZES[i]);
  l.field("QE certification data", "qeReportSignature", 64);
  l.field("QE certification data", "qeAuthDataLen", 2);
  l.field("QE certification data", "qeAuthData", q.qeAuthData.length);
  l.field("QE certification data", "pckCertDataType", 2);
  l.field("QE certification data", "pckCertDataLen", 4);
  l.field("QE certification data", "pckChainPem", q.pckChainPem.length);
  if (src.length > l.at) l.field("trailing", "ignored", src.length - l.at);
  w.endArray();
}

export function api_inspect_quote_layout(ptr: usize, len: u32): usize {
  const src = bytesIn(ptr, len);
  const w = new JsonWriter();
  w.beginObject();
  const p = parseQuote(src);
  const q = p.quote;
  const f = p.failure;
  if (q === null || f !== null) {
    errorFields(w, f !== null ? f.code : AttestError.QuoteMalformed, f !== null ? f.reason : "malformed");
  } else {
    errorFields(w, 0, "");
    w.num("size", <f64>src.length).num("headerLen", <f64>QUOTE_HEADER_LEN).num("structLen", <f64>q.structLen);
    writeLayout(w, q, src);
  }
  return returnString(w.endObject().toString());
}

// ---- certificate chains ---------------------------------------------------------------------
// Each certificate with each check x509/chain.ts makes; the chain's verdict itself is
// api_quote_verify's (verifyChain decides, this explains).

function label(c: Certificate): string {
  const cn = commonName(c.subject);
  return cn.length > 0 ? cn : "(no common name)";
}

function check(w: JsonWriter, name: string, ok: bool, detail: string): void {
  w.beginObject().str("check", name).bool("ok", ok).str("detail", detail).endObject();
}

function describeCert(w: JsonWriter, c: Certificate, chain: Certificate[], root: Certificate, now: i64, crls: Crl[]): void {
  w.beginObject();
  w.str("subject", label(c)).str("issuer", commonName(c.issuer)).hex("serial", c.serial);
  w.num("notBefore", <f64>c.notBefore).num("notAfter", <f64>c.notAfter);
  w.num("curve", <f64>c.curve).bool("isCa", c.isCa).num("pathLen", <f64>c.pathLen);
  const isAnchor = sameKey(c, root) && bytesEqual(c.subject, root.subject);
  w.bool("isAnchor", isAnchor);
  w.beginArray("checks");
  check(w, "validity", now >= c.notBefore && now <= c.notAfter, "valid at the verification time");
  let unknown = "";
  for (let i = 0; i < c.extensions.length; i++) {
    const e = c.extensions[i];
    if (e.critical && !isUnderstood(e.oid)) unknown += (unknown.length > 0 ? ", " : "") + e.oid;
  }
  check(w, "critical extensions", unknown.length == 0, unknown.length == 0 ? "all understood" : "unknown: " + unknown);
  let signer: Certificate | null = null;
  let signerName = "";
  if (isAnchor) {
    check(w, "trust anchor", true, "public key equals the configured root's");
  } else {
    if (bytesEqual(c.issuer, root.subject) && verifyDerSignature(c.sigAlg, c.tbs, c.signature, root.curve, root.publicKey)) {
      signer = root;
      signerName = "the configured root";
    } else {
      for (let i = 0; i < chain.length; i++) {
        const cand = chain[i];
        if (cand === c || !bytesEqual(cand.subject, c.issuer)) continue;
        signer = cand;
        signerName = "'" + label(cand) + "' (certificate " + i.toString() + " of the chain)";
        break;
      }
    }
    const s = signer;
    if (s === null) {
      const selfSigned = bytesEqual(c.subject, c.issuer);
      check(w, "signature", false, selfSigned ? "self-signed, and its key is not the configured root's" : "no issuer found for '" + commonName(c.issuer) + "'");
    } else {
      const ok = verifyDerSignature(c.sigAlg, c.tbs, c.signature, s.curve, s.publicKey);
      check(w, "signature", ok, (ok ? "verifies with " : "does not verify with ") + signerName);
      const ca = s.hasBasicConstraints && s.isCa && (!s.hasKeyUsage || (s.keyUsage & KU_KEY_CERT_SIGN) != 0);
      check(w, "issuer is a CA", ca, ca ? "basicConstraints cA and keyCertSign" : "issuer lacks cA or keyCertSign");
      let revoked = false;
      let consulted = 0;
      for (let j = 0; j < crls.length; j++) {
        const crl = crls[j];
        if (!bytesEqual(crl.issuer, s.subject) || !crlSignedBy(crl, s)) continue;
        consulted++;
        if (isRevoked(crl, c.serial)) revoked = true;
      }
      check(w, "revocation", !revoked, revoked ? "serial listed in a CRL of its issuer" : consulted > 0 ? "not listed in " + consulted.toString() + " CRL(s) of its issuer" : "no CRL of its issuer given");
    }
  }
  w.endArray();
  w.endObject();
}

function describePem(w: JsonWriter, key: string, pem: Uint8Array, root: Certificate, now: i64, crls: Crl[]): void {
  w.beginObject(key);
  const p = parsePemChain(pem, key);
  const f = p.failure;
  if (f !== null) {
    errorFields(w, f.code, f.reason);
  } else {
    errorFields(w, 0, "");
    w.beginArray("certs");
    for (let i = 0; i < p.certs.length; i++) describeCert(w, p.certs[i], p.certs, root, now, crls);
    // The anchor closes the picture when the chain does not carry it.
    let carried = false;
    for (let i = 0; i < p.certs.length; i++) if (sameKey(p.certs[i], root) && bytesEqual(p.certs[i].subject, root.subject)) carried = true;
    if (!carried) describeCert(w, root, p.certs, root, now, crls);
    w.endArray();
  }
  w.endObject();
}

function describeCrls(w: JsonWriter, crls: Crl[], now: i64): void {
  w.beginArray("crls");
  for (let i = 0; i < crls.length; i++) {
    const c = crls[i];
    w.beginObject().str("issuer", commonName(c.issuer)).num("thisUpdate", <f64>c.thisUpdate);
    if (c.nextUpdate == i64.MIN_VALUE) w.nul("nextUpdate");
    else w.num("nextUpdate", <f64>c.nextUpdate);
    w.bool("current", now >= c.thisUpdate && (c.nextUpdate == i64.MIN_VALUE || now <= c.nextUpdate));
    w.num("revokedCount", <f64>c.revoked.length).endObject();
  }
  w.endArray();
}

function parseRootAndCollateral(w: JsonWriter, rootPtr: usize, rootLen: u32, collPtr: usize, collLen: u32): RootColl | null {
  const rp = parseCertificate(bytesIn(rootPtr, rootLen));
  const root = rp.cert;
  if (root === null) {
    errorFields(w, X509Error.RootMalformed, "root CA: " + rp.error);
    return null;
  }
  const out = new RootColl(root);
  if (collLen > 0) {
    const cp = parseCollateral(bytesIn(collPtr, collLen));
    if (cp.collateral === null) {
      errorFields(w, AttestError.CollateralMalformed, cp.error);
      return null;
    }
    out.coll = cp.collateral;
  }
  return out;
}

class RootColl {
  coll: Collateral | null = null;
  constructor(public root: Certificate) {}
}

export function api_inspect_chain(quotePtr: usize, quoteLen: u32, rootPtr: usize, rootLen: u32, collPtr: usize, collLen: u32, nowSecs: i64): usize {
  const w = new JsonWriter();
  w.beginObject();
  const rc = parseRootAndCollateral(w, rootPtr, rootLen, collPtr, collLen);
  if (rc === null) return returnString(w.endObject().toString());
  const p = parseQuote(bytesIn(quotePtr, quoteLen));
  const q = p.quote;
  if (q === null) {
    const f = p.failure!;
    errorFields(w, f.code, f.reason);
    return returnString(w.endObject().toString());
  }
  errorFields(w, 0, "");
  w.str("root", label(rc.root));
  const coll = rc.coll;
  const crls = coll !== null ? coll.crls : new Array<Crl>();
  describePem(w, "pck", q.pckChainPem, rc.root, nowSecs, crls);
  if (coll !== null) {
    describeCrls(w, crls, nowSecs);
    const leaf = firstCert(q.pckChainPem);
    const info = leaf !== null ? parsePckExtension(leaf).info : null;
    const t = info !== null ? selectTcb(coll, toUpperHex(info.fmspc)) : null;
    if (t !== null) describePem(w, "tcbInfo", t.issuerChainPem, rc.root, nowSecs, crls);
    const qe = coll.qeIdentity;
    if (qe !== null) describePem(w, "qeIdentity", qe.issuerChainPem, rc.root, nowSecs, crls);
  }
  return returnString(w.endObject().toString());
}

function firstCert(pem: Uint8Array): Certificate | null {
  const p = parsePemChain(pem, "PCK chain");
  return p.failure === null ? p.certs[0] : null;
}

// The platform entry evaluate.ts would pick (first with this FMSPC or without one).
function selectTcb(coll: Collateral, fmspc: string): SignedJson | null {
  for (let i = 0; i < coll.platforms.length; i++) {
    const p = coll.platforms[i];
    if (p.fmspc.length == 0 || p.fmspc == fmspc) return p.tcbInfo;
  }
  return null;
}

// ---- TCB levels -----------------------------------------------------------------------------
// Every level of the TCB info (newest first), the components that kept it from matching, and which
// one matched (matchPlatformLevel / matchSvnLevel decide; the misses are listed for the reader).

function intArray(a: i32[]): string {
  let s = "[";
  for (let i = 0; i < a.length; i++) s += (i > 0 ? "," : "") + a[i].toString();
  return s + "]";
}

function bytesArray(b: Uint8Array): string {
  let s = "[";
  for (let i = 0; i < b.length; i++) s += (i > 0 ? "," : "") + b[i].toString();
  return s + "]";
}

function miss(w: JsonWriter, what: string, have: i32, need: i32): void {
  w.beginObject().str("component", what).num("have", <f64>have).num("need", <f64>need).endObject();
}

function advisories(w: JsonWriter, l: TcbLevel): void {
  w.beginArray("advisoryIds");
  for (let i = 0; i < l.advisories.length; i++) w.itemStr(l.advisories[i]);
  w.endArray();
}

function describePlatformLevels(w: JsonWriter, t: TcbInfo, pck: PckInfo, svn: Uint8Array): void {
  const matched = matchPlatformLevel(t.levels, pck, svn);
  const from = skipsModuleBytes(svn) ? 2 : 0;
  w.beginArray("platformLevels");
  for (let i = 0; i < t.levels.length; i++) {
    const l = t.levels[i];
    w.beginObject().num("index", <f64>i).str("status", l.status).bool("matched", l === matched);
    w.raw("sgx", intArray(l.sgx)).num("pceSvn", <f64>l.pceSvn).raw("tdx", intArray(l.tdx));
    advisories(w, l);
    w.beginArray("misses");
    if (pck.pceSvn < l.pceSvn) miss(w, "PCESVN", pck.pceSvn, l.pceSvn);
    for (let k = 0; k < 16; k++) if (pck.sgxComponents[k] < l.sgx[k]) miss(w, "SGX component " + k.toString(), pck.sgxComponents[k], l.sgx[k]);
    for (let k = from; k < 16; k++) if (<i32>svn[k] < l.tdx[k]) miss(w, "TEE_TCB_SVN[" + k.toString() + "]", <i32>svn[k], l.tdx[k]);
    w.endArray();
    w.endObject();
  }
  w.endArray();
}

function describeSvnLevels(w: JsonWriter, key: string, levels: TcbLevel[], svn: i32): void {
  const matched = matchSvnLevel(levels, svn);
  w.beginArray(key);
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i];
    w.beginObject().num("index", <f64>i).str("status", l.status).bool("matched", l === matched).num("isvSvn", <f64>l.isvSvn);
    advisories(w, l);
    w.beginArray("misses");
    if (svn < l.isvSvn) miss(w, "ISVSVN", svn, l.isvSvn);
    w.endArray();
    w.endObject();
  }
  w.endArray();
}

export function api_inspect_tcb(quotePtr: usize, quoteLen: u32, collPtr: usize, collLen: u32): usize {
  const w = new JsonWriter();
  w.beginObject();
  const p = parseQuote(bytesIn(quotePtr, quoteLen));
  const q = p.quote;
  if (q === null) {
    const f = p.failure!;
    errorFields(w, f.code, f.reason);
    return returnString(w.endObject().toString());
  }
  const cp = parseCollateral(bytesIn(collPtr, collLen));
  const coll = cp.collateral;
  if (coll === null) {
    errorFields(w, AttestError.CollateralMalformed, cp.error);
    return returnString(w.endObject().toString());
  }
  const leaf = firstCert(q.pckChainPem);
  const pp = leaf !== null ? parsePckExtension(leaf) : null;
  const pck = pp !== null ? pp.info : null;
  if (pck === null) {
    errorFields(w, X509Error.PckExtensionMalformed, pp !== null ? pp.error : "PCK chain: no certificate");
    return returnString(w.endObject().toString());
  }
  const fmspc = toUpperHex(pck.fmspc);
  const signed = selectTcb(coll, fmspc);
  if (signed === null) {
    errorFields(w, AttestError.CollateralNoPlatform, "collateral has no TCB info for FMSPC " + fmspc);
    return returnString(w.endObject().toString());
  }
  const tp = parseTcbInfo(signed.body);
  const t = tp.info;
  if (t === null) {
    errorFields(w, AttestError.CollateralMalformed, tp.error);
    return returnString(w.endObject().toString());
  }
  errorFields(w, 0, "");
  const svn = q.body.teeTcbSvn;
  w.str("fmspc", fmspc).num("pceSvn", <f64>pck.pceSvn).raw("sgxComponents", intArray(pck.sgxComponents));
  w.raw("teeTcbSvn", bytesArray(svn)).bool("moduleBytesSkipped", skipsModuleBytes(svn));
  w.num("tcbEvaluationDataNumber", <f64>t.evaluationDataNumber);
  describePlatformLevels(w, t, pck, svn);
  if (skipsModuleBytes(svn)) {
    const id = "TDX_" + toUpperHex(svn.subarray(1, 2));
    w.str("moduleIdentity", id).num("moduleSvn", <f64>svn[0]);
    let found = false;
    for (let i = 0; i < t.moduleIdentities.length; i++) {
      const m = t.moduleIdentities[i];
      if (m.id.toUpperCase() != id) continue;
      describeSvnLevels(w, "moduleLevels", m.levels, <i32>svn[0]);
      found = true;
      break;
    }
    if (!found) w.nul("moduleLevels");
  } else {
    w.nul("moduleIdentity").nul("moduleLevels");
  }
  const qs = coll.qeIdentity;
  const qi = qs !== null ? parseQeIdentity(qs.body).identity : null;
  w.num("qeIsvSvn", <f64>q.qeReport.isvSvn);
  if (qi !== null) describeSvnLevels(w, "qeLevels", qi.levels, <i32>q.qeReport.isvSvn);
  else w.nul("qeLevels");
  return returnString(w.endObject().toString());
}

// ---- RA-TLS certificate ---------------------------------------------------------------------

export function api_inspect_ratls(ptr: usize, len: u32): usize {
  const w = new JsonWriter();
  w.beginObject();
  const p = parseRaTlsCert(bytesIn(ptr, len));
  const c = p.cert;
  if (c === null) {
    w.str("error", p.message).str("errorCode", raTlsName(p.error)).num("resultCode", <f64>resultFor(p.error));
    return returnString(w.endObject().toString());
  }
  errorFields(w, 0, "");
  w.str("subject", label(c.cert)).num("notBefore", <f64>c.cert.notBefore).num("notAfter", <f64>c.cert.notAfter);
  w.hex("publicKey", c.publicKey).num("quoteLen", <f64>c.quote.length).num("eventLogLen", <f64>c.eventLog.length);
  w.hex("quote", c.quote).hex("eventLog", c.eventLog);
  return returnString(w.endObject().toString());
}

function raTlsName(e: RaTlsError): string {
  switch (e) {
    case RaTlsError.Malformed: return "Malformed";
    case RaTlsError.NotP384: return "NotP384";
    case RaTlsError.MissingMigTdEku: return "MissingMigTdEku";
    case RaTlsError.MissingQuote: return "MissingQuote";
    case RaTlsError.MissingEventLog: return "MissingEventLog";
    case RaTlsError.BadSelfSignature: return "BadSelfSignature";
  }
  return "None";
}

// The name of a MigTD result code (migtd.md §1.3), so the page labels codes as the core does.
export function api_result_name(code: i32): usize {
  return returnString(code >= 0 && code <= 255 ? resultName(<u8>code) : "Unknown");
}
