// TEST Intel-style collateral for a signed policy v2 (scripts/sim/collateral.ts is what the quote
// service answers GET_COLLATERAL with; this one is carried inside the policy) (Intel PCS API: TCB info v3 for TDX and
// TD_QE identity v2, each {"<body>": {...}, "signature": hex r||s} signed with ECDSA P-256 /
// SHA-256 by a "TCB signing" certificate under the simulator's TEST root). A signed policy v2
// carries it in `collaterals` (spec migtd.md §3.4), so MigTDs on the simulated platform verify
// each other's quotes with the collateral of their own policy (§2.5 V2 step 2). The values match
// what scripts/sim/quote-service.ts puts in its quotes (PCK TCB, QE report); the platform status
// is a parameter so a test can make it Revoked.
import { createHash } from "node:crypto";
import { deriveKey, defaultPckChain, issue, signP256, toPem, ROOT_CN, PLATFORM_CA_CN, DEFAULT_SEED, type PckChain } from "./pck-chain.ts";
import { buildCrl } from "./collateral.ts";

export const TCB_SIGNING_CN = "MigTD Simulator TEST TCB Signing";

export interface SimCollateralOptions {
  seed?: string;
  status?: string; // platform TCB status (default UpToDate)
  tcbDate?: string;
  evaluationDataNumber?: number;
  issueDate?: string;
  nextUpdate?: string;
  qeSvn?: number; // the quote service's QE ISVSVN (default 4)
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const sha256 = (s: string) => new Uint8Array(createHash("sha256").update(s).digest());

function signed(name: string, body: unknown, chain: PckChain, seed: string): string {
  const text = JSON.stringify(body);
  const key = deriveKey(seed, "tcb-signing");
  return `{"${name}":${text},"signature":"${hex(signP256(key, new TextEncoder().encode(text)))}"}`;
}

// The collateral bundle as JSON text (MigTD's bundle format: what policyData.collaterals holds).
export function simCollateralText(o: SimCollateralOptions = {}): string {
  const seed = o.seed ?? DEFAULT_SEED;
  const chain = defaultPckChain(seed);
  const t = chain.tcb;
  const issueDate = o.issueDate ?? "2025-01-01T00:00:00Z";
  const nextUpdate = o.nextUpdate ?? "2049-01-01T00:00:00Z";
  const tcbDate = o.tcbDate ?? "2025-06-01T00:00:00Z";
  const signingKey = deriveKey(seed, "tcb-signing");
  const signingCert = issue({
    serial: sha256(`${seed}/serial/tcb-signing`).subarray(0, 16), subject: TCB_SIGNING_CN, issuer: ROOT_CN,
    key: signingKey, issuerKey: chain.root.key, notBefore: new Date(Date.UTC(2024, 0, 1)), notAfter: new Date(Date.UTC(2049, 11, 31)), ca: null,
  });
  const issuerChain = toPem(signingCert) + toPem(chain.root.der);
  const tcbInfo = {
    id: "TDX", version: 3, issueDate, nextUpdate, fmspc: hex(t.fmspc).toUpperCase(), pceId: hex(t.pceId).toUpperCase(),
    tcbType: 0, tcbEvaluationDataNumber: o.evaluationDataNumber ?? 17,
    tdxModule: { mrsigner: "00".repeat(48), attributes: "0000000000000000", attributesMask: "FFFFFFFFFFFFFFFF" },
    tcbLevels: [{
      tcb: {
        sgxtcbcomponents: t.components.map((svn) => ({ svn })), pcesvn: t.pceSvn,
        tdxtcbcomponents: Array.from({ length: 16 }, () => ({ svn: 0 })),
      },
      tcbDate, tcbStatus: o.status ?? "UpToDate",
    }],
  };
  const qeIdentity = {
    id: "TD_QE", version: 2, issueDate, nextUpdate, tcbEvaluationDataNumber: o.evaluationDataNumber ?? 17,
    miscselect: "00000000", miscselectMask: "FFFFFFFF",
    attributes: "11000000000000000000000000000000", attributesMask: "FBFFFFFFFFFFFFFF0000000000000000",
    mrsigner: hex(sha256("simulated TD QE signer")).toUpperCase(), isvprodid: 2,
    tcbLevels: [{ tcb: { isvsvn: o.qeSvn ?? 4 }, tcbDate, tcbStatus: "UpToDate" }],
  };
  // The CRLs a verification requires (a missing CRL is an error, docs/attestation.md): none
  // revoked, current over the same window as the TCB info.
  const crlPem = (der: Uint8Array) => `-----BEGIN X509 CRL-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "")}\n-----END X509 CRL-----\n`;
  const from = new Date(issueDate);
  const until = new Date(nextUpdate);
  const rootCaCrl = crlPem(buildCrl(ROOT_CN, chain.root.key, from, until, []));
  const pckCrl = crlPem(buildCrl(PLATFORM_CA_CN, chain.platformCa.key, from, until, []));
  return JSON.stringify({
    majorVersion: 1, minorVersion: 0, teeType: 129, rootCa: toPem(chain.root.der), rootCaCrl, pckCrl,
    platforms: [{ fmspc: tcbInfo.fmspc, tcbInfoIssuerChain: issuerChain, tcbInfo: signed("tcbInfo", tcbInfo, chain, seed) }],
    qeIdentityIssuerChain: issuerChain, qeIdentity: signed("enclaveIdentity", qeIdentity, chain, seed),
  });
}
