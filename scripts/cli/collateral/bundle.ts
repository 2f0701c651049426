// The collateral JSON MigTD reads (assembly/attest/collateral/load.ts, "MigTD bundle": PEM CRLs,
// platforms[{fmspc, tcbInfoIssuerChain, tcbInfo}], qeIdentity, issuer chains) built from the
// responses of Intel's PCS / a PCCS, API v4, as saved to files:
//   GET /tdx/certification/v4/tcb?fmspc=..     body {"tcbInfo":{...},"signature":hex}, header
//                                              TCB-Info-Issuer-Chain (URL-encoded PEM)
//   GET /tdx/certification/v4/qe/identity      body {"enclaveIdentity":{...},"signature":hex},
//                                              header SGX-Enclave-Identity-Issuer-Chain
//   GET /sgx/certification/v4/pckcrl?ca=platform   CRL (DER, PEM or hex), header SGX-PCK-CRL-Issuer-Chain
//   GET /sgx/certification/v4/rootcacrl        CRL (DER, PEM or hex: PCCS answers hex)
// Sans I/O: bytes in, JSON out; every problem names the input it is about. The signed bodies are
// kept byte for byte (the signatures cover their exact text).
import { X509Certificate } from "node:crypto";
import { InputError } from "../command.ts";

export interface Part { name: string; bytes: Uint8Array } // name: the file (or URL) it came from

export interface BundleInputs {
  tcbInfo: Part[];
  tcbInfoIssuerChain: Part;
  qeIdentity: Part;
  qeIdentityIssuerChain?: Part; // default: the TCB info chain (both are signed by the TCB signing key)
  pckCrl: Part;
  pckCrlIssuerChain: Part;
  rootCaCrl: Part;
}

const text = (p: Part) => Buffer.from(p.bytes).toString("utf8");

// A PEM chain, as saved from a header (URL-encoded or not): every certificate must parse.
export function pemChain(p: Part, what: string): { pem: string; certs: X509Certificate[] } {
  let t = text(p).trim();
  if (/%2D|%0A/i.test(t)) t = decodeURIComponent(t);
  const blocks = t.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new InputError(`${what} '${p.name}': no PEM certificate in it`, p.name);
  const certs = blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (e) {
      throw new InputError(`${what} '${p.name}': certificate ${i + 1} does not parse (${(e as Error).message})`, p.name);
    }
  });
  return { pem: blocks.join("\n") + "\n", certs };
}

// A CRL as PEM "X509 CRL", from DER, PEM or hex text.
export function crlPem(p: Part, what: string): string {
  const t = text(p).trim();
  let der: Buffer;
  if (t.startsWith("-----BEGIN X509 CRL-----")) return t + "\n";
  if (/^([0-9a-fA-F]{2})+$/.test(t)) der = Buffer.from(t, "hex");
  else der = Buffer.from(p.bytes);
  if (der.length < 2 || der[0] !== 0x30) throw new InputError(`${what} '${p.name}': not a CRL (DER, PEM or hex)`, p.name);
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN X509 CRL-----\n${b64}\n-----END X509 CRL-----\n`;
}

// A signed PCS body: {"<key>": {...}, "signature": 128 hex digits}, kept as its exact text.
function signedBody(p: Part, key: string, what: string): { raw: string; inner: Record<string, unknown> } {
  const raw = text(p).trim();
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(raw);
  } catch {
    throw new InputError(`${what} '${p.name}': not JSON`, p.name);
  }
  const inner = doc[key];
  if (typeof inner !== "object" || inner === null) throw new InputError(`${what} '${p.name}': no "${key}" object (is it the PCS v4 response body?)`, p.name, key);
  if (typeof doc.signature !== "string" || !/^[0-9a-fA-F]{128}$/.test(doc.signature)) throw new InputError(`${what} '${p.name}': "signature" is not 64 bytes of hex`, p.name, "signature");
  return { raw, inner: inner as Record<string, unknown> };
}

export function buildBundle(i: BundleInputs): Record<string, unknown> {
  if (i.tcbInfo.length === 0) throw new InputError("at least one TCB info response is needed");
  const tcbChain = pemChain(i.tcbInfoIssuerChain, "TCB info issuer chain");
  const root = tcbChain.certs[tcbChain.certs.length - 1];
  if (!root.ca || root.issuer !== root.subject) {
    throw new InputError(`TCB info issuer chain '${i.tcbInfoIssuerChain.name}': its last certificate is not a self-signed root`, i.tcbInfoIssuerChain.name);
  }
  const seen = new Set<string>();
  const platforms = i.tcbInfo.map((p) => {
    const s = signedBody(p, "tcbInfo", "TCB info");
    const fmspc = s.inner.fmspc;
    if (typeof fmspc !== "string" || !/^[0-9a-fA-F]{12}$/.test(fmspc)) throw new InputError(`TCB info '${p.name}': tcbInfo.fmspc is not 6 bytes of hex`, p.name, "tcbInfo.fmspc");
    if (s.inner.id !== undefined && s.inner.id !== "TDX") throw new InputError(`TCB info '${p.name}': tcbInfo.id is ${JSON.stringify(s.inner.id)}, not "TDX" (use the /tdx/ endpoint)`, p.name, "tcbInfo.id");
    const up = fmspc.toUpperCase();
    if (seen.has(up)) throw new InputError(`TCB info '${p.name}': a second response for FMSPC ${up}`, p.name, "tcbInfo.fmspc");
    seen.add(up);
    return { fmspc: up, tcbInfoIssuerChain: tcbChain.pem, tcbInfo: s.raw };
  });
  const qe = signedBody(i.qeIdentity, "enclaveIdentity", "QE identity");
  if (qe.inner.id !== undefined && qe.inner.id !== "TD_QE") throw new InputError(`QE identity '${i.qeIdentity.name}': enclaveIdentity.id is ${JSON.stringify(qe.inner.id)}, not "TD_QE" (use /tdx/certification/v4/qe/identity)`, i.qeIdentity.name, "enclaveIdentity.id");
  const qeChain = i.qeIdentityIssuerChain ? pemChain(i.qeIdentityIssuerChain, "QE identity issuer chain").pem : tcbChain.pem;
  return {
    majorVersion: 1,
    minorVersion: 0,
    teeType: 0x81,
    rootCa: root.toString(),
    pckCrlIssuerChain: pemChain(i.pckCrlIssuerChain, "PCK CRL issuer chain").pem,
    rootCaCrl: crlPem(i.rootCaCrl, "root CA CRL"),
    pckCrl: crlPem(i.pckCrl, "PCK CRL"),
    platforms,
    qeIdentityIssuerChain: qeChain,
    qeIdentity: qe.raw,
  };
}
