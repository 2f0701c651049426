// Collateral wire formats accepted (testdata/collateral/):
//  * MigTD's bundle (config/collateral_*.json): rootCaCrl / pckCrl as PEM "X509 CRL",
//    platforms[{fmspc, tcbInfoIssuerChain, tcbInfo}] and qeIdentity, where tcbInfo / qeIdentity
//    are the full PCS response bodies {"tcbInfo"|"enclaveIdentity": {...}, "signature": hex}.
//  * The PCS/PCCS-style bundle (dcap-qvl QuoteCollateralV3): tcb_info / qe_identity are the
//    signed inner objects as strings, *_signature hex (or byte arrays), CRLs as hex DER (or byte
//    arrays), *_issuer_chain PEM.
import { JsonKind, JsonValue } from "../../json/value";
import { arrMember, itemsOf, member, numberOf, parseCollateralJson, stringOf, strMember } from "./fields";
import { Collateral, CollateralParse, PlatformCollateral, SignedJson } from "./types";
import { fromHex } from "../../util/hex";
import { pemDecodeAll, utf8Bytes } from "../../der/pem";
import { parseCrl } from "../../x509/crl";

function failed(msg: string): CollateralParse {
  const p = new CollateralParse();
  p.error = "collateral: " + msg;
  return p;
}

export function parseCollateral(src: Uint8Array): CollateralParse {
  const j = parseCollateralJson(src);
  const root = j.value;
  if (root === null) return failed(j.error);
  if (root.kind != JsonKind.Object) return failed("not a JSON object");
  if (member(root, "platforms") !== null) return parseMigtd(root);
  if (member(root, "tcb_info") !== null) return parsePcsBundle(root);
  return failed("unknown format (neither MigTD 'platforms' nor PCS 'tcb_info')");
}

function addCrlPem(c: Collateral, pem: string | null, what: string): string {
  if (pem === null) return "";
  const blocks = pemDecodeAll(utf8Bytes(pem), "X509 CRL");
  if (blocks.error.length > 0) return what + ": " + blocks.error;
  for (let i = 0; i < blocks.blocks.length; i++) {
    const p = parseCrl(blocks.blocks[i]);
    const crl = p.crl;
    if (crl === null) return what + ": " + p.error;
    c.crls.push(crl);
  }
  return "";
}

function addCrlDer(c: Collateral, v: JsonValue | null, what: string): string {
  if (v === null) return "";
  const der = bytesOf(v);
  if (der === null) return what + ": not hex or a byte array";
  const p = parseCrl(der);
  const crl = p.crl;
  if (crl === null) return what + ": " + p.error;
  c.crls.push(crl);
  return "";
}

// Hex string or array of numbers 0..255.
function bytesOf(v: JsonValue): Uint8Array | null {
  const s = stringOf(v);
  if (s !== null) return fromHex(s);
  const items = itemsOf(v);
  if (items === null) return null;
  const out = new Uint8Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const n = numberOf(items[i]);
    if (isNaN(n) || n < 0 || n > 255 || n != Math.floor(n)) return null;
    out[i] = <u8>n;
  }
  return out;
}

// A PCS response body {"<name>": {...}, "signature": "hex"}: the signed bytes are the exact
// span of <name>'s value.
export function signedFromPcsBody(body: string, name: string, chain: string): SignedJson | null {
  const bytes = utf8Bytes(body);
  const j = parseCollateralJson(bytes);
  const v = j.value;
  if (v === null || v.kind != JsonKind.Object) return null;
  const inner = member(v, name);
  const sigHex = strMember(v, "signature");
  if (inner === null || inner.kind != JsonKind.Object || sigHex === null) return null;
  const sig = fromHex(sigHex);
  if (sig === null || sig.length != 64) return null;
  return new SignedJson(bytes.slice(inner.pos, inner.end), sig, utf8Bytes(chain));
}

function parseMigtd(root: JsonValue): CollateralParse {
  const c = new Collateral();
  let e = addCrlPem(c, strMember(root, "rootCaCrl"), "rootCaCrl");
  if (e.length == 0) e = addCrlPem(c, strMember(root, "pckCrl"), "pckCrl");
  if (e.length > 0) return failed(e);
  const plats = arrMember(root, "platforms");
  if (plats === null) return failed("platforms is not an array");
  for (let i = 0; i < plats.length; i++) {
    const p = plats[i];
    const fmspc = strMember(p, "fmspc");
    const chain = strMember(p, "tcbInfoIssuerChain");
    const body = strMember(p, "tcbInfo");
    if (fmspc === null || chain === null || body === null) return failed("platform " + i.toString() + " lacks fmspc/tcbInfo/tcbInfoIssuerChain");
    const s = signedFromPcsBody(body, "tcbInfo", chain);
    if (s === null) return failed("platform " + fmspc + ": tcbInfo is not a signed PCS body");
    c.platforms.push(new PlatformCollateral(fmspc.toUpperCase(), s));
  }
  const qe = strMember(root, "qeIdentity");
  if (qe !== null) {
    const chain = strMember(root, "qeIdentityIssuerChain");
    if (chain === null) return failed("qeIdentity without qeIdentityIssuerChain");
    const s = signedFromPcsBody(qe, "enclaveIdentity", chain);
    if (s === null) return failed("qeIdentity is not a signed PCS body");
    c.qeIdentity = s;
  }
  const out = new CollateralParse();
  out.collateral = c;
  return out;
}

function parsePcsBundle(root: JsonValue): CollateralParse {
  const c = new Collateral();
  let e = addCrlDer(c, member(root, "root_ca_crl"), "root_ca_crl");
  if (e.length == 0) e = addCrlDer(c, member(root, "pck_crl"), "pck_crl");
  if (e.length > 0) return failed(e);
  const tcb = strMember(root, "tcb_info");
  const tcbSig = member(root, "tcb_info_signature");
  const tcbChain = strMember(root, "tcb_info_issuer_chain");
  if (tcb === null || tcbSig === null || tcbChain === null) return failed("tcb_info, tcb_info_signature and tcb_info_issuer_chain are required");
  const sig = bytesOf(tcbSig);
  if (sig === null || sig.length != 64) return failed("tcb_info_signature is not 64 bytes");
  // The FMSPC is read from the signed document itself when evaluating.
  c.platforms.push(new PlatformCollateral("", new SignedJson(utf8Bytes(tcb), sig, utf8Bytes(tcbChain))));
  const qe = strMember(root, "qe_identity");
  if (qe !== null) {
    const qs = member(root, "qe_identity_signature");
    const qc = strMember(root, "qe_identity_issuer_chain");
    if (qs === null || qc === null) return failed("qe_identity without signature or issuer chain");
    const qsig = bytesOf(qs);
    if (qsig === null || qsig.length != 64) return failed("qe_identity_signature is not 64 bytes");
    c.qeIdentity = new SignedJson(utf8Bytes(qe), qsig, utf8Bytes(qc));
  }
  const out = new CollateralParse();
  out.collateral = c;
  return out;
}
