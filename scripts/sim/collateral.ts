// PCS-style collateral for the simulated platform (the answer to GET_COLLATERAL, migtd.md §1.7):
// a TDX TCB info (Intel PCS "TCB Info" v3) with several TCB levels, a TD_QE identity ("Enclave
// Identity" v2), both signed by a TEST "TCB Signing" certificate under the simulator's test root,
// a root CA CRL and a PCK CRL (RFC 5280 §5.1, ECDSA P-256/SHA-256). Written independently of the
// core (noble, a DER writer) so that each checks the other.
//
// Faults model what a dishonest or stale host can hand a MigTD; each must end the session with
// the MigTD result code the negative matrix states (test/e2e/collateral-faults.test.ts).
import { createHash } from "node:crypto";
import {
  PckChain, TestKey, deriveKey, signP256, issue, toPem, seq, tlv, uint, utcTime, name, explicit, oid, bitString,
  extension, OID_ECDSA_SHA256, ROOT_CN, PLATFORM_CA_CN,
} from "./pck-chain.ts";

export type CollateralFault =
  | "revoked-pck" // the PCK CRL lists the quote's PCK certificate
  | "revoked-intermediate" // the root CA CRL lists the PCK platform CA
  | "missing-crl" // no CRL from the PCK certificate's issuer (the root CRL sent twice)
  | "expired" // the TCB info's nextUpdate lies before the CRLs' issue date
  | "tcb-outofdate" // the platform only meets an OutOfDate TCB level
  | "tcb-revoked" // the platform only meets a Revoked TCB level
  | "tcb-nomatch" // every TCB level is above the platform
  | "wrong-fmspc" // a TCB info for another FMSPC
  | "bad-signature"; // the TCB info's signature does not verify

export const COLLATERAL_FAULTS: CollateralFault[] = [
  "revoked-pck", "revoked-intermediate", "missing-crl", "expired", "tcb-outofdate", "tcb-revoked", "tcb-nomatch", "wrong-fmspc", "bad-signature",
];

export interface CollateralParts {
  pckCrlIssuerChain: string;
  rootCaCrl: Uint8Array; // DER
  pckCrl: Uint8Array; // DER
  tcbInfoIssuerChain: string;
  tcbInfo: string; // {"tcbInfo": {...}, "signature": hex}
  qeIdentityIssuerChain: string;
  qeIdentity: string; // {"enclaveIdentity": {...}, "signature": hex}
}

export interface QeFacts {
  mrSigner: Uint8Array; // 32
  isvProdId: number;
  isvSvn: number;
  miscSelect: number;
  attributes: Uint8Array; // 16
}

export interface CollateralOptions {
  chain: PckChain;
  teeTcbSvn: Uint8Array; // the platform's TDX module TEE_TCB_SVN
  mrSignerSeam?: Uint8Array; // 48, default zeros (Intel-signed module)
  qe: QeFacts;
  issuedAt?: Date; // default: now
  fault?: CollateralFault;
  fmspc?: Uint8Array; // the platform the TCB info is for (default: the PCK chain's)
}

const DAY = 86400_000;
export const TCB_SIGNING_CN = "MigTD Simulator TEST TCB Signing";
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

// The TCB Signing certificate (leaf, digitalSignature) under the test root.
function tcbSigner(chain: PckChain): { der: Uint8Array; key: TestKey } {
  const key = deriveKey("migtd-sim", "tcb-signing");
  const serial = createHash("sha256").update("migtd-sim/serial/tcb-signing").digest().subarray(0, 16);
  const der = issue({
    serial: new Uint8Array(serial), subject: TCB_SIGNING_CN, issuer: ROOT_CN, key, issuerKey: chain.root.key,
    notBefore: new Date(Date.UTC(2024, 0, 1)), notAfter: new Date(Date.UTC(2049, 11, 31, 23, 59, 59)), ca: null,
  });
  return { der, key };
}

// The serial number bytes of a certificate we issued (tbs: version [0], then the INTEGER).
function serialOf(certDer: Uint8Array): Uint8Array {
  // SEQUENCE { SEQUENCE(tbs) { [0] { INTEGER 2 } INTEGER serial ...
  let p = 0;
  const len = (at: number): [number, number] => {
    const b = certDer[at + 1];
    if (b < 0x80) return [b, at + 2];
    const n = b & 0x7f;
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 8) | certDer[at + 2 + i];
    return [v, at + 2 + n];
  };
  p = len(0)[1]; // into the certificate
  p = len(p)[1]; // into tbs
  const [vl, vStart] = len(p); // [0] version
  p = vStart + vl;
  const [sl, sStart] = len(p); // INTEGER serial
  return certDer.subarray(sStart, sStart + sl);
}

// RFC 5280 §5.1 CertificateList, v2, with a CRL Number.
export function buildCrl(issuerCn: string, issuerKey: TestKey, thisUpdate: Date, nextUpdate: Date, revokedSerials: Uint8Array[], number = 1): Uint8Array {
  const alg = seq(oid(OID_ECDSA_SHA256));
  const entries = revokedSerials.map((s) => seq(tlv(0x02, s), utcTime(thisUpdate)));
  const tbs = seq(
    uint(Uint8Array.of(1)),
    alg,
    name(issuerCn),
    utcTime(thisUpdate),
    utcTime(nextUpdate),
    ...(entries.length > 0 ? [seq(...entries)] : []),
    explicit(0, seq(extension("2.5.29.20", false, uint(Uint8Array.of(number))))),
  );
  return seq(tbs, alg, bitString(signP256(issuerKey, tbs, "der")));
}

interface Level { sgx: number[]; pce: number; tdx: number[]; status: string; date: string; advisories?: string[] }

function levelJson(l: Level) {
  return {
    tcb: {
      sgxtcbcomponents: l.sgx.map((svn) => ({ svn })),
      pcesvn: l.pce,
      tdxtcbcomponents: l.tdx.map((svn) => ({ svn })),
    },
    tcbDate: l.date,
    tcbStatus: l.status,
    ...(l.advisories ? { advisoryIDs: l.advisories } : {}),
  };
}

function signedBody(field: string, inner: unknown, key: TestKey, corrupt: boolean): string {
  const text = JSON.stringify(inner);
  const sig = signP256(key, new TextEncoder().encode(text));
  if (corrupt) sig[5] ^= 0x01;
  return `{"${field}":${text},"signature":"${hex(sig)}"}`;
}

export function buildCollateral(o: CollateralOptions): CollateralParts {
  const now = o.issuedAt ?? new Date();
  const fault = o.fault;
  const chain = o.chain;
  const signer = tcbSigner(chain);
  const signerChain = toPem(signer.der) + toPem(chain.root.der);
  // Documents are issued a little before `now` and stay current for 30 days (PCS publishes daily).
  const issued = new Date(now.getTime() - 3600_000);
  const next = new Date(issued.getTime() + 30 * DAY);
  const tcbIssued = fault === "expired" ? new Date(issued.getTime() - 60 * DAY) : issued;
  const tcbNext = fault === "expired" ? new Date(issued.getTime() - 30 * DAY) : next;

  const sgx = chain.tcb.components;
  const pce = chain.tcb.pceSvn;
  const tdx = Array.from(o.teeTcbSvn);
  const up = (v: number[]) => v.map((x) => x + 1);
  // Newest first. The platform meets "current" unless a fault raises it above the platform.
  const current: Level = { sgx, pce, tdx, status: "UpToDate", date: "2025-05-14T00:00:00Z" };
  const newer: Level = { sgx: up(sgx), pce: pce + 1, tdx: up(tdx), status: "UpToDate", date: "2025-11-12T00:00:00Z" };
  const older: Level = { sgx: sgx.map((x) => Math.max(0, x - 1)), pce: Math.max(0, pce - 1), tdx, status: "OutOfDate", date: "2024-03-13T00:00:00Z", advisories: ["INTEL-SA-00960"] };
  const oldest: Level = { sgx: sgx.map(() => 0), pce: 0, tdx: tdx.map(() => 0), status: "Revoked", date: "2023-02-15T00:00:00Z", advisories: ["INTEL-SA-00837"] };
  let levels: Level[];
  switch (fault) {
    case "tcb-outofdate": levels = [newer, { ...current, status: "OutOfDate", advisories: ["INTEL-SA-00960"] }, oldest]; break;
    case "tcb-revoked": levels = [newer, { ...current, status: "Revoked", advisories: ["INTEL-SA-00837"] }]; break;
    case "tcb-nomatch": levels = [newer]; break;
    default: levels = [newer, current, older, oldest];
  }
  const fmspc = fault === "wrong-fmspc" ? Uint8Array.from([0x00, 0x90, 0x6e, 0xa1, 0x00, 0x00]) : o.fmspc ?? chain.tcb.fmspc;
  const tcbInfo = {
    id: "TDX",
    version: 3,
    issueDate: iso(tcbIssued),
    nextUpdate: iso(tcbNext),
    fmspc: hex(fmspc),
    pceId: hex(chain.tcb.pceId),
    tcbType: 0,
    tcbEvaluationDataNumber: 17,
    tdxModule: { mrsigner: hex(o.mrSignerSeam ?? new Uint8Array(48)), attributes: "0000000000000000", attributesMask: "FFFFFFFFFFFFFFFF" },
    tdxModuleIdentities: [{
      id: `TDX_${o.teeTcbSvn[1].toString(16).padStart(2, "0").toUpperCase()}`,
      mrsigner: hex(o.mrSignerSeam ?? new Uint8Array(48)), attributes: "0000000000000000", attributesMask: "FFFFFFFFFFFFFFFF",
      tcbLevels: [{ tcb: { isvsvn: o.teeTcbSvn[0] }, tcbDate: "2025-05-14T00:00:00Z", tcbStatus: "UpToDate" }],
    }],
    tcbLevels: levels.map(levelJson),
  };
  const qe = o.qe;
  const u32be = (v: number) => v.toString(16).padStart(8, "0");
  const qeIdentity = {
    id: "TD_QE",
    version: 2,
    issueDate: iso(issued),
    nextUpdate: iso(next),
    tcbEvaluationDataNumber: 17,
    miscselect: u32be(qe.miscSelect),
    miscselectMask: "FFFFFFFF",
    attributes: hex(qe.attributes),
    attributesMask: "FBFFFFFFFFFFFFFF0000000000000000",
    mrsigner: hex(qe.mrSigner),
    isvprodid: qe.isvProdId,
    tcbLevels: [
      { tcb: { isvsvn: qe.isvSvn }, tcbDate: "2025-05-14T00:00:00Z", tcbStatus: "UpToDate" },
      { tcb: { isvsvn: 0 }, tcbDate: "2023-02-15T00:00:00Z", tcbStatus: "OutOfDate", advisoryIDs: ["INTEL-SA-00615"] },
    ],
  };
  const rootRevoked = fault === "revoked-intermediate" ? [serialOf(chain.platformCa.der)] : [];
  const pckRevoked = fault === "revoked-pck" ? [serialOf(chain.pck.der)] : [];
  const rootCaCrl = buildCrl(ROOT_CN, chain.root.key, issued, next, rootRevoked);
  const pckCrl = fault === "missing-crl" ? rootCaCrl : buildCrl(PLATFORM_CA_CN, chain.platformCa.key, issued, next, pckRevoked);
  return {
    pckCrlIssuerChain: toPem(chain.platformCa.der) + toPem(chain.root.der),
    rootCaCrl,
    pckCrl,
    tcbInfoIssuerChain: signerChain,
    tcbInfo: signedBody("tcbInfo", tcbInfo, signer.key, fault === "bad-signature"),
    qeIdentityIssuerChain: signerChain,
    qeIdentity: signedBody("enclaveIdentity", qeIdentity, signer.key, false),
  };
}

// The MigTD collateral bundle (config/collateral_*.json format, attest/collateral/load.ts), for the
// CLI and tests that take collateral as a file.
export function collateralBundleJson(p: CollateralParts, fmspcHex: string): string {
  const pem = (der: Uint8Array) => `-----BEGIN X509 CRL-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END X509 CRL-----\n`;
  return JSON.stringify({
    rootCaCrl: pem(p.rootCaCrl),
    pckCrl: pem(p.pckCrl),
    platforms: [{ fmspc: fmspcHex, tcbInfoIssuerChain: p.tcbInfoIssuerChain, tcbInfo: p.tcbInfo }],
    qeIdentityIssuerChain: p.qeIdentityIssuerChain,
    qeIdentity: p.qeIdentity,
  });
}
