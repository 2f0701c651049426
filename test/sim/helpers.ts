// Shared pieces of the simulator tests: waiting, a flat fake guest memory, quote field access and
// an independent (node:crypto) check of a quote's signatures.
import { createHash, createPublicKey, verify as nodeVerify, X509Certificate } from "node:crypto";
import { SyncMemory } from "../../scripts/sim/guest.ts";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(cond: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(2);
  }
  return cond();
}

// Guest memory made of named ranges (GPA -> bytes); anything else is a bad address.
export class FakeMemory implements SyncMemory {
  private ranges: { gpa: bigint; bytes: Uint8Array }[] = [];
  map(gpa: bigint, size: number): Uint8Array {
    const bytes = new Uint8Array(size);
    this.ranges.push({ gpa, bytes });
    return bytes;
  }
  private find(gpa: bigint, len: number): Uint8Array | null {
    for (const r of this.ranges) {
      const off = gpa - r.gpa;
      if (off >= 0n && off + BigInt(len) <= BigInt(r.bytes.length)) return r.bytes.subarray(Number(off), Number(off) + len);
    }
    return null;
  }
  read(gpa: bigint, len: number): Uint8Array | null { return this.find(gpa, len)?.slice() ?? null; }
  write(gpa: bigint, data: Uint8Array): boolean {
    const v = this.find(gpa, data.length);
    if (!v) return false;
    v.set(data);
    return true;
  }
}

// The P-256 public key of raw X||Y as a node KeyObject.
export function p256Key(xy: Uint8Array) {
  const spkiPrefix = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");
  return createPublicKey({ key: Buffer.concat([spkiPrefix, Buffer.from([4]), Buffer.from(xy)]), format: "der", type: "spki" });
}

// Splits a v4 quote along tdx-abi.md §5.2, independently of the code that wrote it.
export function splitQuote(q: Uint8Array) {
  const b = Buffer.from(q);
  const sigLen = b.readUInt32LE(632);
  const sd = b.subarray(636, 636 + sigLen);
  const certType = sd.readUInt16LE(128);
  const certLen = sd.readUInt32LE(130);
  const c = sd.subarray(134, 134 + certLen);
  const authLen = c.readUInt16LE(448);
  const auth = c.subarray(450, 450 + authLen);
  const inner = c.subarray(450 + authLen);
  return {
    header: b.subarray(0, 48), body: b.subarray(48, 632), signed: b.subarray(0, 632), sigLen,
    signature: sd.subarray(0, 64), attKey: sd.subarray(64, 128), certType, certLen,
    qeReport: c.subarray(0, 384), qeReportSig: c.subarray(384, 448), auth,
    innerType: inner.readUInt16LE(0), innerLen: inner.readUInt32LE(2), pem: inner.subarray(6).toString("latin1"),
  };
}

export function pemCerts(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n?/g) ?? []).map((p) => new X509Certificate(p));
}

// Every check a verifier makes without collateral, with node:crypto (OpenSSL): chain to `root`,
// QE report signed by the PCK key, QE report data binding, quote signed by the attestation key.
export function checkQuoteIndependently(q: Uint8Array, rootDer: Uint8Array): string[] {
  const s = splitQuote(q);
  const problems: string[] = [];
  const certs = pemCerts(s.pem);
  const root = new X509Certificate(Buffer.from(rootDer));
  if (certs.length !== 3) problems.push(`chain has ${certs.length} certificates`);
  const [leaf, ca, top] = certs;
  if (!leaf.verify(ca.publicKey) || !leaf.checkIssued(ca)) problems.push("PCK not issued by the platform CA");
  if (!ca.verify(root.publicKey) || !ca.checkIssued(root)) problems.push("platform CA not issued by the root");
  if (!top.publicKey.equals(root.publicKey)) problems.push("chain's root is not the configured root");
  const p1363 = (key: Parameters<typeof nodeVerify>[2], data: Uint8Array, sig: Uint8Array) =>
    nodeVerify("sha256", data, { key: key as never, dsaEncoding: "ieee-p1363" }, sig);
  if (!p1363(leaf.publicKey, s.qeReport, s.qeReportSig)) problems.push("QE report signature");
  const binding = createHash("sha256").update(s.attKey).update(s.auth).digest();
  if (!binding.equals(s.qeReport.subarray(320, 352)) || s.qeReport.subarray(352, 384).some((x) => x !== 0)) problems.push("QE report data binding");
  if (!p1363(p256Key(s.attKey), s.signed, s.signature)) problems.push("quote signature");
  return problems;
}
