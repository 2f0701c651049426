// Collateral checks and TCB status for a structurally verified quote (Intel QVL order):
//   CRL signatures (by their issuer in the PCK chain or the root) and dates; TCB info and QE
//   identity: issuer chain to the root, ECDSA-P256 signature over the exact JSON bytes, id, FMSPC
//   / PCE-ID match, issueDate <= now <= nextUpdate; then the platform, TDX module and QE levels
//   (match.ts) and their combination (status.ts). Revoked is a failure; other statuses are
//   reported and left to policy (Intel QVL: only a Revoked TCB or certificate fails verification;
//   sgx_ql_qv_result_t's OutOfDate / ConfigurationNeeded / SWHardeningNeeded are returned for the
//   caller to judge, and MigTD's policy judges them, migtd.md §3.4).
//   Both CRLs are required: one from the root CA and one from the PCK leaf's issuing CA. Without
//   them revocation cannot be decided, and "no CRL" must not read as "not revoked".
import { Certificate } from "../../x509/cert";
import { ChainResult, crlSignedBy } from "../../x509/chain";
import { verifyP256Sha256Raw } from "../../x509/signature";
import { bytesEqual } from "../../util/bytes";
import { toUpperHex } from "../../util/hex";
import { AttestError, Failure } from "../errors";
import { Quote } from "../quote";
import { PckInfo } from "../pckext";
import { verifyPemChain } from "../pckchain";
import { ValidityWindow } from "../validity_window";
import { Collateral, SignedJson } from "./types";
import { TcbInfo, ModuleIdentity } from "./tcbinfo";
import { QeIdentity } from "./qeidentity";
import { TIME_INVALID } from "../../der/time";
import { FOREVER } from "../../util/expiring_cache";
import { matchPlatformLevel, matchSvnLevel, skipsModuleBytes } from "./match";
import { converge, isKnownStatus, ST_REVOKED } from "./status";

export class TcbVerdict {
  failure: Failure | null = null;
  status: string = "";
  platformStatus: string = "";
  moduleStatus: string = ""; // "" when the module has no identity to check (TEE_TCB_SVN[1] == 0)
  qeStatus: string = "";
  advisories: string[] = [];
  evaluationDataNumber: i64 = 0;
  // TCB dates of the matched levels (Unix seconds, 0 when the level has none) and the effective
  // one: the earliest of them, as Intel's supplemental data reports the TCB level date.
  platformTcbDate: i64 = 0;
  moduleTcbDate: i64 = 0;
  qeTcbDate: i64 = 0;
  tcbDate: i64 = 0;
  // The QE identity's masks, applied to the QE report's MISCSELECT / ATTRIBUTES in the report.
  qeMiscSelectMask: u32 = 0xffff_ffff;
  qeAttributesMask: Uint8Array = new Uint8Array(0);
}

function earliest(a: i64, b: i64): i64 {
  if (a == 0) return b;
  if (b == 0) return a;
  return a < b ? a : b;
}

function fail(v: TcbVerdict, code: AttestError, msg: string): TcbVerdict {
  v.failure = new Failure(code, msg);
  return v;
}

// The issuer chain of the last signed document checked in this verification, kept because Intel
// signs the TCB info and the QE identity with the same certificate: a QE identity carrying the
// same chain bytes, checked against the same root, instant and CRLs, has the same outcome.
class CheckedChain {
  constructor(public pem: Uint8Array, public chain: ChainResult) {}
}

// Verifies a signed JSON document's chain and signature; null on success. `done` is the chain a
// document checked before in this verification had (null if none), `out` receives this one's.
function checkSigned(s: SignedJson, what: string, coll: Collateral, root: Certificate, now: i64, w: ValidityWindow, done: CheckedChain | null, out: CheckedChain[]): Failure | null {
  let chain: ChainResult;
  if (done !== null && bytesEqual(done.pem, s.issuerChainPem)) {
    chain = done.chain;
  } else {
    chain = verifyPemChain(s.issuerChainPem, what + " issuer chain", root, now, coll.crls);
    const f = chain.failure;
    if (f !== null) return f;
  }
  out.push(new CheckedChain(s.issuerChainPem, chain));
  w.certs(chain.path);
  const signer = chain.path[0];
  if (signer.curve != 256) return new Failure(AttestError.CollateralSignature, what + " signer key is not P-256");
  if (!verifyP256Sha256Raw(signer.publicKey, s.body, s.signature)) {
    return new Failure(AttestError.CollateralSignature, what + " signature does not verify");
  }
  return null;
}

// `pckCerts`: every certificate of the quote's PCK chain as received, leaf first.
function checkCrls(coll: Collateral, pckCerts: Certificate[], root: Certificate, now: i64, w: ValidityWindow): Failure | null {
  // Possible CRL issuers: the root and the CAs in the quote's PCK chain.
  const issuers = new Array<Certificate>();
  issuers.push(root);
  for (let i = 0; i < pckCerts.length; i++) issuers.push(pckCerts[i]);
  let rootCrl = false;
  let pckCrl = false;
  const pckIssuer = pckCerts.length > 0 ? pckCerts[0].issuer : new Uint8Array(0);
  for (let i = 0; i < coll.crls.length; i++) {
    const crl = coll.crls[i];
    let signed = false;
    let known = false;
    for (let k = 0; k < issuers.length; k++) {
      if (!bytesEqual(issuers[k].subject, crl.issuer)) continue;
      known = true;
      if (crlSignedBy(crl, issuers[k])) signed = true;
    }
    if (known && !signed) return new Failure(AttestError.CrlSignature, "CRL " + i.toString() + " signature does not verify with its issuer");
    if (now < crl.thisUpdate || (crl.nextUpdate != i64.MIN_VALUE && now > crl.nextUpdate)) {
      return new Failure(AttestError.CrlExpired, "CRL " + i.toString() + " is not valid at the given time");
    }
    w.span(crl.thisUpdate, crl.nextUpdate == TIME_INVALID ? FOREVER : crl.nextUpdate);
    if (signed && bytesEqual(crl.issuer, root.subject)) rootCrl = true;
    if (signed && bytesEqual(crl.issuer, pckIssuer)) pckCrl = true;
  }
  if (!rootCrl) return new Failure(AttestError.CrlMissing, "collateral has no root CA CRL");
  if (!pckCrl) return new Failure(AttestError.CrlMissing, "collateral has no CRL from the PCK certificate's issuer");
  return null;
}

function selectPlatform(coll: Collateral, fmspc: string): SignedJson | null {
  for (let i = 0; i < coll.platforms.length; i++) {
    const p = coll.platforms[i];
    if (p.fmspc.length == 0 || p.fmspc == fmspc) return p.tcbInfo;
  }
  return null;
}

function addAdvisories(v: TcbVerdict, list: string[]): void {
  for (let i = 0; i < list.length; i++) if (!v.advisories.includes(list[i])) v.advisories.push(list[i]);
}

function maskedEqual(value: Uint8Array, mask: Uint8Array, want: Uint8Array): bool {
  if (value.length != mask.length || want.length != mask.length) return false;
  for (let i = 0; i < mask.length; i++) if ((value[i] & mask[i]) != (want[i] & mask[i])) return false;
  return true;
}

function findModule(t: TcbInfo, id: string): ModuleIdentity | null {
  for (let i = 0; i < t.moduleIdentities.length; i++) if (t.moduleIdentities[i].id.toUpperCase() == id) return t.moduleIdentities[i];
  return null;
}

// What the collateral establishes for one platform once its CRLs, signatures, chains and dates
// have been checked: the TCB info for the platform's FMSPC and the QE identity. Nothing in it
// depends on a quote's body, so it holds for every quote whose PCK chain is the one it was
// checked with (verified_platform.ts keeps it across verifications).
export class CollateralFacts {
  constructor(public readonly tcb: TcbInfo, public readonly qe: QeIdentity) {}
}

// The checks of the collateral against the platform (`pckCerts` as received, `pck` from the
// leaf), in Intel QVL's order; on failure sets v.failure and returns null. `w` gathers the
// dates every check here read, for the caller's cache.
export function verifyCollateralFor(v: TcbVerdict, coll: Collateral, pckCerts: Certificate[], pck: PckInfo, root: Certificate, now: i64, w: ValidityWindow): CollateralFacts | null {
  const crlErr = checkCrls(coll, pckCerts, root, now, w);
  if (crlErr !== null) {
    v.failure = crlErr;
    return null;
  }
  const fmspc = toUpperHex(pck.fmspc);
  const signedTcb = selectPlatform(coll, fmspc);
  if (signedTcb === null) return lacking(v, AttestError.CollateralNoPlatform, "collateral has no TCB info for FMSPC " + fmspc);
  const checked = new Array<CheckedChain>();
  const sf = checkSigned(signedTcb, "TCB info", coll, root, now, w, null, checked);
  if (sf !== null) {
    v.failure = sf;
    return null;
  }
  const tp = signedTcb.tcbInfo();
  const t = tp.info;
  if (t === null) return lacking(v, AttestError.CollateralMalformed, tp.error);
  v.evaluationDataNumber = t.evaluationDataNumber;
  if (t.id != "TDX") return lacking(v, AttestError.CollateralMalformed, "TCB info is not for TDX (id '" + t.id + "')");
  if (t.fmspc != fmspc) return lacking(v, AttestError.CollateralNoPlatform, "TCB info is for FMSPC " + t.fmspc + ", the PCK certificate says " + fmspc);
  if (t.pceId != toUpperHex(pck.pceId)) return lacking(v, AttestError.CollateralNoPlatform, "TCB info PCE-ID differs from the PCK certificate's");
  if (now < t.issueDate || now > t.nextUpdate) return lacking(v, AttestError.CollateralExpired, "tcbInfo has expired or is not yet valid");
  w.span(t.issueDate, t.nextUpdate);

  const qs = coll.qeIdentity;
  if (qs === null) return lacking(v, AttestError.CollateralMalformed, "collateral has no QE identity");
  const qf = checkSigned(qs, "QE identity", coll, root, now, w, checked[0], checked);
  if (qf !== null) {
    v.failure = qf;
    return null;
  }
  const qp = qs.qeIdentity();
  const qi = qp.identity;
  if (qi === null) return lacking(v, AttestError.CollateralMalformed, qp.error);
  if (qi.id != "TD_QE") return lacking(v, AttestError.CollateralMalformed, "QE identity is not TD_QE ('" + qi.id + "')");
  if (now < qi.issueDate || now > qi.nextUpdate) return lacking(v, AttestError.CollateralExpired, "QE identity has expired or is not yet valid");
  w.span(qi.issueDate, qi.nextUpdate);
  return new CollateralFacts(t, qi);
}

function lacking(v: TcbVerdict, code: AttestError, msg: string): CollateralFacts | null {
  v.failure = new Failure(code, msg);
  return null;
}

// The quote's TCB levels against checked collateral: platform, TDX module and QE levels and their
// combined status.
export function judgeTcb(v: TcbVerdict, f: CollateralFacts, q: Quote, pck: PckInfo): TcbVerdict {
  const t = f.tcb;
  const qi = f.qe;
  v.evaluationDataNumber = t.evaluationDataNumber;
  // Platform level.
  const svn = q.body.teeTcbSvn;
  const pl = matchPlatformLevel(t.levels, pck, svn);
  if (pl === null) return fail(v, AttestError.TcbNoMatchingLevel, "TDX TCB info: no matching TCB level found");
  if (!isKnownStatus(pl.status)) return fail(v, AttestError.CollateralMalformed, "unknown TCB status " + pl.status);
  v.platformStatus = pl.status;
  v.platformTcbDate = pl.tcbDate;
  addAdvisories(v, pl.advisories);
  let status = pl.status;

  // TDX module: identity TDX_<major> and its level by TEE_TCB_SVN[0].
  if (skipsModuleBytes(svn)) {
    const id = "TDX_" + toUpperHex(svn.subarray(1, 2));
    const m = findModule(t, id);
    if (m === null) return fail(v, AttestError.TcbModuleIdentity, "TCB info has no TDX module identity " + id);
    if (!bytesEqual(m.mrSigner, q.body.mrSignerSeam)) return fail(v, AttestError.TcbModuleIdentity, "MRSIGNERSEAM differs from TDX module identity " + id);
    if (!maskedEqual(q.body.seamAttributes, m.attributesMask, m.attributes)) return fail(v, AttestError.TcbModuleIdentity, "SEAM attributes differ from TDX module identity " + id);
    const ml = matchSvnLevel(m.levels, <i32>svn[0]);
    if (ml === null) return fail(v, AttestError.TcbNoMatchingLevel, "TDX module " + id + ": no matching TCB level found");
    v.moduleStatus = ml.status;
    v.moduleTcbDate = ml.tcbDate;
    addAdvisories(v, ml.advisories);
    status = converge(status, ml.status);
  } else {
    const m = t.module;
    if (m !== null) {
      if (!bytesEqual(m.mrSigner, q.body.mrSignerSeam)) return fail(v, AttestError.TcbModuleIdentity, "MRSIGNERSEAM differs from the TCB info's tdxModule");
      if (!maskedEqual(q.body.seamAttributes, m.attributesMask, m.attributes)) return fail(v, AttestError.TcbModuleIdentity, "SEAM attributes differ from the TCB info's tdxModule");
    }
  }

  // Quoting Enclave.
  const rep = q.qeReport;
  if (!bytesEqual(rep.mrSigner, qi.mrSigner)) return fail(v, AttestError.QeIdentityMismatch, "QE MRSIGNER differs from the QE identity");
  if (<i64>rep.isvProdId != qi.isvProdId) return fail(v, AttestError.QeIdentityMismatch, "QE ISVPRODID differs from the QE identity");
  if ((rep.miscSelect & qi.miscSelectMask) != (qi.miscSelect & qi.miscSelectMask)) return fail(v, AttestError.QeIdentityMismatch, "QE MISCSELECT differs from the QE identity");
  if (!maskedEqual(rep.attributes, qi.attributesMask, qi.attributes)) return fail(v, AttestError.QeIdentityMismatch, "QE ATTRIBUTES differ from the QE identity");
  const ql = matchSvnLevel(qi.levels, <i32>rep.isvSvn);
  if (ql === null) return fail(v, AttestError.TcbNoMatchingLevel, "QE identity: no matching TCB level found");
  v.qeStatus = ql.status;
  v.qeTcbDate = ql.tcbDate;
  v.qeMiscSelectMask = qi.miscSelectMask;
  v.qeAttributesMask = qi.attributesMask;
  v.tcbDate = earliest(earliest(v.platformTcbDate, v.moduleTcbDate), v.qeTcbDate);
  addAdvisories(v, ql.advisories);
  status = converge(status, ql.status);

  v.status = status;
  v.advisories.sort();
  if (status == ST_REVOKED) return fail(v, AttestError.TcbRevoked, "TCB status is Revoked");
  return v;
}

