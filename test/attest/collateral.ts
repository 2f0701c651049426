// Collateral bundles assembled from shared test data for the tests (nothing is written to disk).
import { T } from "./lib.ts";

const pem = (der: Buffer, label: string) =>
  `-----BEGIN ${label}-----\n${der.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END ${label}-----\n`;

// go-tdx-guest's separate PCS responses as one MigTD-format bundle.
export function googleBundle(fmspcFile: string, fmspc: string): Buffer {
  const chain = T("collateral/google/tcb_signing_chain.pem").toString("utf8");
  return Buffer.from(JSON.stringify({
    rootCaCrl: pem(T("collateral/google/root_ca_crl.der"), "X509 CRL"),
    pckCrl: pem(T("collateral/google/pck_crl_platform.der"), "X509 CRL"),
    pckCrlIssuerChain: T("collateral/google/pck_crl_issuer_chain.pem").toString("utf8"),
    platforms: [{ fmspc, tcbInfoIssuerChain: chain, tcbInfo: T("collateral/google", fmspcFile).toString("utf8") }],
    qeIdentityIssuerChain: chain,
    qeIdentity: T("collateral/google/qe_identity_td_qe.json").toString("utf8"),
  }));
}

// The exact text of a PCS body's signed member (what Intel signs).
function signedMember(body: string, member: string): string {
  const start = body.indexOf(`"${member}":`) + member.length + 3;
  const end = body.lastIndexOf(',"signature"');
  return body.slice(start, end);
}

// A MigTD bundle's entry for one FMSPC in dcap-qvl's Collateral shape (for the oracle).
export function migtdToQvl(bundleFile: string, fmspc: string): any | null {
  const b = JSON.parse(T("collateral", bundleFile).toString("utf8"));
  const p = b.platforms.find((x: any) => x.fmspc.toUpperCase() === fmspc.toUpperCase());
  if (!p) return null;
  const der = (s: string) => Buffer.from(s.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64").toString("hex");
  const tcbBody = JSON.parse(p.tcbInfo);
  const qeBody = JSON.parse(b.qeIdentity);
  return {
    pck_crl_issuer_chain: b.pckCrlIssuerChain,
    root_ca_crl: der(b.rootCaCrl),
    pck_crl: der(b.pckCrl),
    tcb_info_issuer_chain: p.tcbInfoIssuerChain,
    tcb_info: signedMember(p.tcbInfo, "tcbInfo"),
    tcb_info_signature: tcbBody.signature,
    qe_identity_issuer_chain: b.qeIdentityIssuerChain,
    qe_identity: signedMember(b.qeIdentity, "enclaveIdentity"),
    qe_identity_signature: qeBody.signature,
  };
}
