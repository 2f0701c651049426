// Collateral wire formats accepted (testdata/collateral/):
//  * MigTD's bundle (config/collateral_*.json): rootCaCrl / pckCrl as PEM "X509 CRL",
//    platforms[{fmspc, tcbInfoIssuerChain, tcbInfo}] and qeIdentity, where tcbInfo / qeIdentity
//    are the full PCS response bodies {"tcbInfo"|"enclaveIdentity": {...}, "signature": hex}.
//  * The PCS/PCCS-style bundle (dcap-qvl QuoteCollateralV3): tcb_info / qe_identity are the
//    signed inner objects as strings, *_signature hex (or byte arrays), CRLs as hex DER (or byte
//    arrays), *_issuer_chain PEM.
import { JsonKind, JsonValue } from "../../json/value";
import { arrMember, bytesMember, bytesOfString, itemsOf, member, numberOf, ownedBytesMember, parseCollateralJson, strMember } from "./fields";
import { Collateral, CollateralParse, PlatformCollateral, SignedJson } from "./types";
import { fromHexBytes } from "../../util/hex";
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

function addCrlPem(c: Collateral, pem: Uint8Array | null, what: string): string {
  if (pem === null) return "";
  const blocks = pemDecodeAll(pem, "X509 CRL");
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
  const s = bytesOfString(v);
  if (s !== null) return fromHexBytes(s);
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
  return signedFromPcsBodyBytes(utf8Bytes(body), name, utf8Bytes(chain));
}

// The same from the body's and the chain's UTF-8 bytes; keeps `chain` (the caller's to give).
function signedFromPcsBodyBytes(bytes: Uint8Array, name: string, chain: Uint8Array): SignedJson | null {
  const j = parseCollateralJson(bytes);
  const v = j.value;
  if (v === null || v.kind != JsonKind.Object) return null;
  const inner = member(v, name);
  const sigHex = bytesMember(v, "signature");
  if (inner === null || inner.kind != JsonKind.Object || sigHex === null) return null;
  const sig = fromHexBytes(sigHex);
  if (sig === null || sig.length != 64) return null;
  return new SignedJson(bytes.slice(inner.pos, inner.end), sig, chain);
}

function parseMigtd(root: JsonValue): CollateralParse {
  const c = new Collateral();
  let e = addCrlPem(c, bytesMember(root, "rootCaCrl"), "rootCaCrl");
  if (e.length == 0) e = addCrlPem(c, bytesMember(root, "pckCrl"), "pckCrl");
  if (e.length > 0) return failed(e);
  const plats = arrMember(root, "platforms");
  if (plats === null) return failed("platforms is not an array");
  for (let i = 0; i < plats.length; i++) {
    const p = plats[i];
    const fmspc = strMember(p, "fmspc");
    const chain = ownedBytesMember(p, "tcbInfoIssuerChain");
    const body = bytesMember(p, "tcbInfo");
    if (fmspc === null || chain === null || body === null) return failed("platform " + i.toString() + " lacks fmspc/tcbInfo/tcbInfoIssuerChain");
    const s = signedFromPcsBodyBytes(body, "tcbInfo", chain);
    if (s === null) return failed("platform " + fmspc + ": tcbInfo is not a signed PCS body");
    c.platforms.push(new PlatformCollateral(fmspc.toUpperCase(), s));
  }
  const qe = bytesMember(root, "qeIdentity");
  if (qe !== null) {
    const chain = ownedBytesMember(root, "qeIdentityIssuerChain");
    if (chain === null) return failed("qeIdentity without qeIdentityIssuerChain");
    const s = signedFromPcsBodyBytes(qe, "enclaveIdentity", chain);
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
  const tcb = ownedBytesMember(root, "tcb_info");
  const tcbSig = member(root, "tcb_info_signature");
  const tcbChain = ownedBytesMember(root, "tcb_info_issuer_chain");
  if (tcb === null || tcbSig === null || tcbChain === null) return failed("tcb_info, tcb_info_signature and tcb_info_issuer_chain are required");
  const sig = bytesOf(tcbSig);
  if (sig === null || sig.length != 64) return failed("tcb_info_signature is not 64 bytes");
  // The FMSPC is read from the signed document itself when evaluating.
  c.platforms.push(new PlatformCollateral("", new SignedJson(tcb, sig, tcbChain)));
  const qe = ownedBytesMember(root, "qe_identity");
  if (qe !== null) {
    const qs = member(root, "qe_identity_signature");
    const qc = ownedBytesMember(root, "qe_identity_issuer_chain");
    if (qs === null || qc === null) return failed("qe_identity without signature or issuer chain");
    const qsig = bytesOf(qs);
    if (qsig === null || qsig.length != 64) return failed("qe_identity_signature is not 64 bytes");
    c.qeIdentity = new SignedJson(qe, qsig, qc);
  }
  const out = new CollateralParse();
  out.collateral = c;
  return out;
}
