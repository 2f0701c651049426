// TDX quote verification (tdx-abi.md §5.2; Intel DCAP QVL order of checks):
//   1. structure (quote.ts), TDX only;
//   2. PCK chain from the quote to the configured root at `now`, with CRLs from the collateral;
//   3. QE report signed by the PCK key (ECDSA-P256/SHA-256 over the 384-byte report);
//   4. QE report data binds the attestation key: REPORTDATA[0..32] = SHA-256(att key || QE auth
//      data), REPORTDATA[32..64] = 0;
//   5. the attestation key signs header+body (ECDSA-P256/SHA-256);
//   6. with collateral: TCB info / QE identity signatures and chains, dates, TCB status.
// Steps 2 and 6 up to the TCB levels depend on the platform and the collateral only; a platform
// verified before (verified_platform.ts) skips them while every date they checked still holds.
// Only this function makes a VerifiedQuote: later steps (policy) take that type, not a flag.
import { sha256 } from "../crypto/sha256";
import { Certificate } from "../x509/cert";
import { verifyP256Sha256Fresh, verifyP256Sha256Raw } from "../x509/signature";
import { Crl } from "../x509/crl";
import { bytesEqual, concat, isAllZero } from "../util/bytes";
import { AttestError, Failure } from "./errors";
import { X509Error } from "../x509/errors";
import { Quote, parseQuote } from "./quote";
import { PckInfo, parsePckExtension } from "./pckext";
import { parsePemChain, verifyParsedChain } from "./pckchain";
import { Collateral } from "./collateral/types";
import { CollateralFacts, TcbVerdict, judgeTcb, verifyCollateralFor } from "./collateral/evaluate";
import { ValidityWindow } from "./validity_window";
import { VerifiedPlatform, platformCache, platformKey } from "./verified_platform";

// Only verifyQuote can make a VerifiedQuote: its constructor takes a VerifyProof, a class this
// module does not export, so holding one means every check below passed ("verified" is a type,
// STYLE.md #4).
class VerifyProof {}
const PROOF = new VerifyProof();

export class VerifiedQuote {
  constructor(
    _proof: VerifyProof,
    public readonly quote: Quote,
    public readonly pck: PckInfo,
    public readonly pckLeaf: Certificate,
    public readonly tcb: TcbVerdict | null, // null when verified without collateral
  ) {}
}

export class QuoteVerdict {
  verified: VerifiedQuote | null = null;
  quote: Quote | null = null; // parsed even when verification fails later
  pck: PckInfo | null = null;
  tcb: TcbVerdict | null = null;
  failure: Failure | null = null;
}

function rejected(v: QuoteVerdict, code: i32, msg: string): QuoteVerdict {
  v.failure = new Failure(code, msg);
  return v;
}

export function verifyQuote(bytes: Uint8Array, root: Certificate, coll: Collateral | null, now: i64): QuoteVerdict {
  const v = new QuoteVerdict();
  const p = parseQuote(bytes);
  const q = p.quote;
  if (q === null) {
    v.failure = p.failure;
    return v;
  }
  v.quote = q;

  const crls = coll !== null ? coll.crls : new Array<Crl>();
  let key: Uint8Array | null = null;
  let known: VerifiedPlatform | null = null;
  if (coll !== null && platformCache.enabled) {
    key = platformKey(root, q.pckChainPem, coll);
    known = platformCache.get(key, now);
  }
  let leaf: Certificate;
  let info: PckInfo;
  let pckCerts: Certificate[] = [];
  let pckPath: Certificate[];
  if (known !== null) {
    pckPath = known.path;
    leaf = pckPath[0];
    info = known.pck;
  } else {
    const certs = parsePemChain(q.pckChainPem, "PCK chain");
    const chain = verifyParsedChain(certs, "PCK chain", root, now, crls);
    const cf = chain.failure;
    if (cf !== null) {
      v.failure = cf;
      return v;
    }
    pckCerts = certs.certs;
    pckPath = chain.path;
    leaf = pckPath[0];
    if (leaf.curve != 256) return rejected(v, X509Error.CertMalformed, "PCK key is not P-256");
    const pck = parsePckExtension(leaf);
    const parsed = pck.info;
    if (parsed === null) return rejected(v, X509Error.PckExtensionMalformed, pck.error);
    info = parsed;
  }
  v.pck = info;

  // The QE report is the same in every quote of a platform until its attestation key changes, so
  // its signature goes through the memo; the quote's own signature is new with each quote.
  if (!verifyP256Sha256Raw(leaf.publicKey, q.qeReportRaw, q.qeReportSignature)) {
    return rejected(v, AttestError.QeReportSignature, "QE report signature does not verify with the PCK key");
  }
  const binding = sha256(concat(q.attestationKey, q.qeAuthData));
  const rd = q.qeReport.reportData;
  if (!bytesEqual(rd.subarray(0, 32), binding) || !isAllZero(rd.subarray(32, 64))) {
    return rejected(v, AttestError.QeReportDataMismatch, "QE report data does not bind the attestation key");
  }
  const attKey = new Uint8Array(65);
  attKey[0] = 4;
  attKey.set(q.attestationKey, 1);
  if (!verifyP256Sha256Fresh(attKey, q.signedBytes, q.signature)) {
    return rejected(v, AttestError.QuoteSignature, "quote signature does not verify with the attestation key");
  }

  let tcb: TcbVerdict | null = null;
  if (coll !== null) {
    const t = new TcbVerdict();
    v.tcb = t;
    let facts: CollateralFacts | null = null;
    if (known !== null) {
      facts = known.facts;
    } else {
      const w = new ValidityWindow();
      w.certs(pckPath);
      facts = verifyCollateralFor(t, coll, pckCerts, info, root, now, w);
      if (facts !== null && key !== null) platformCache.put(key, new VerifiedPlatform(pckPath, info, facts), w.from, w.until, true); // key: platformKey's, made above
    }
    if (facts !== null) judgeTcb(t, facts, q, info);
    const tf = t.failure;
    if (tf !== null) {
      v.failure = tf;
      return v;
    }
    tcb = t;
  }
  v.verified = new VerifiedQuote(PROOF, q, info, leaf, tcb);
  return v;
}
