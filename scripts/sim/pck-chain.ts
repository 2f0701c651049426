// A test PCK certificate chain for the simulated quote service: a TEST root CA, an intermediate
// "platform CA" and a PCK leaf carrying the Intel SGX extension (OID 1.2.840.113741.1.13.1 with
// PPID, TCB = 16 component SVNs + PCESVN + CPUSVN, PCE-ID, FMSPC, SGX type; Intel "SGX PCK
// Certificate and CRL Profile" §1.3.5), all ECDSA P-256 with SHA-256 (tdx-abi.md §5.2).
//
// Everything is derived from a seed: keys from SHA-256 of labels, signatures by RFC 6979
// (deterministic ECDSA), fixed serials and validity. The same seed gives the same bytes, so the
// test root is a stable artefact that images and CLIs can be configured with.
import { createHash } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";

export const DEFAULT_SEED = "migtd-sim";

export interface TestKey {
  secret: Uint8Array; // 32-byte scalar
  publicKey: Uint8Array; // uncompressed SEC1: 04 || X || Y (65 bytes)
}

export interface PckTcb {
  fmspc: Uint8Array; // 6
  pceId: Uint8Array; // 2
  cpuSvn: Uint8Array; // 16
  pceSvn: number;
  components: number[]; // 16 SGX TCB component SVNs
  ppid: Uint8Array; // 16
}

export interface IssuedCert {
  der: Uint8Array;
  key: TestKey;
}

export interface PckChain {
  root: IssuedCert;
  platformCa: IssuedCert;
  pck: IssuedCert;
  tcb: PckTcb;
  pem: string; // PCK leaf, platform CA, root (certification data type 5)
}

export interface PckChainOptions {
  seed?: string;
  tcb?: Partial<PckTcb>;
  notBefore?: Date;
  notAfter?: Date; // at most 2049 (UTCTime)
}

const sha = (alg: string, ...parts: (Uint8Array | string)[]) => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export function deriveKey(seed: string, label: string): TestKey {
  for (let i = 0; ; i++) {
    const secret = sha("sha256", `${seed}/${label}/${i}`);
    if (p256.utils.isValidSecretKey(secret)) return { secret, publicKey: p256.getPublicKey(secret, false) };
  }
}

// ECDSA P-256 over SHA-256(msg): raw r || s (64 bytes) or DER.
export function signP256(key: TestKey, msg: Uint8Array, format: "compact" | "der" = "compact"): Uint8Array {
  return p256.sign(msg, key.secret, { format });
}

// ---- a minimal DER writer (X.690), enough for certificates ----
const cat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = cat(content);
  const n = body.length;
  let len: number[];
  if (n < 0x80) len = [n];
  else if (n < 0x100) len = [0x81, n];
  else if (n < 0x10000) len = [0x82, n >> 8, n & 0xff];
  else len = [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return cat([Uint8Array.of(tag, ...len), body]);
}
const seq = (...c: Uint8Array[]) => tlv(0x30, ...c);
const set = (...c: Uint8Array[]) => tlv(0x31, ...c);
const octets = (b: Uint8Array) => tlv(0x04, b);
const explicit = (n: number, ...c: Uint8Array[]) => tlv(0xa0 | n, ...c);
const bool = (v: boolean) => tlv(0x01, Uint8Array.of(v ? 0xff : 0));

function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const out: number[] = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const groups: number[] = [];
    let v = arc;
    do { groups.unshift(v & 0x7f); v = Math.floor(v / 128); } while (v > 0);
    groups.forEach((g, i) => out.push(i < groups.length - 1 ? g | 0x80 : g));
  }
  return tlv(0x06, Uint8Array.from(out));
}

// Unsigned big-endian magnitude as a DER INTEGER.
function uint(bytes: Uint8Array | number): Uint8Array {
  let b = typeof bytes === "number" ? Uint8Array.of((bytes >> 8) & 0xff, bytes & 0xff) : bytes;
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  return tlv(0x02, b[0] & 0x80 ? cat([Uint8Array.of(0), b]) : b);
}

function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(0x03, Uint8Array.of(unusedBits), bytes);
}

// KeyUsage bits (RFC 5280 §4.2.1.3): 0 digitalSignature, 1 nonRepudiation, 5 keyCertSign,
// 6 cRLSign; DER drops trailing zero bits.
function keyUsage(bits: number[]): Uint8Array {
  let v = 0;
  for (const b of bits) v |= 0x80 >> b;
  let unused = 0;
  while (unused < 7 && ((v >> unused) & 1) === 0) unused++;
  return bitString(Uint8Array.of(v), unused);
}

function utcTime(d: Date): Uint8Array {
  const p = (n: number) => String(n).padStart(2, "0");
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, new TextEncoder().encode(s));
}

function name(cn: string): Uint8Array {
  const attr = (type: string, tag: number, value: string) => set(seq(oid(type), tlv(tag, new TextEncoder().encode(value))));
  return seq(
    attr("2.5.4.3", 0x0c, cn),
    attr("2.5.4.10", 0x0c, "MigTD Simulator"),
    attr("2.5.4.7", 0x0c, "Test"),
    attr("2.5.4.8", 0x0c, "Test"),
    attr("2.5.4.6", 0x13, "XX"),
  );
}

const OID_EC_PUBLIC_KEY = "1.2.840.10045.2.1";
const OID_P256 = "1.2.840.10045.3.1.7";
const OID_ECDSA_SHA256 = "1.2.840.10045.4.3.2";
const OID_SGX = "1.2.840.113741.1.13.1";

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

const keyId = (k: TestKey) => sha("sha1", k.publicKey);

// The SGX extension value: SEQUENCE OF SEQUENCE { OID, value }.
function sgxExtension(t: PckTcb): Uint8Array {
  const tcb: Uint8Array[] = t.components.map((svn, i) => seq(oid(`${OID_SGX}.2.${i + 1}`), uint(svn)));
  tcb.push(seq(oid(`${OID_SGX}.2.17`), uint(t.pceSvn)));
  tcb.push(seq(oid(`${OID_SGX}.2.18`), octets(t.cpuSvn)));
  return seq(
    seq(oid(`${OID_SGX}.1`), octets(t.ppid)),
    seq(oid(`${OID_SGX}.2`), seq(...tcb)),
    seq(oid(`${OID_SGX}.3`), octets(t.pceId)),
    seq(oid(`${OID_SGX}.4`), octets(t.fmspc)),
    seq(oid(`${OID_SGX}.5`), tlv(0x0a, Uint8Array.of(0))), // SGX type: Standard
  );
}

export interface CertSpec {
  serial: Uint8Array;
  subject: string;
  issuer: string;
  key: TestKey; // subject key
  issuerKey: TestKey;
  notBefore: Date;
  notAfter: Date;
  ca: { pathLen: number } | null;
  extra?: Uint8Array[];
}

export function issue(s: CertSpec): Uint8Array {
  const alg = seq(oid(OID_ECDSA_SHA256));
  const spki = seq(seq(oid(OID_EC_PUBLIC_KEY), oid(OID_P256)), bitString(s.key.publicKey));
  const exts = [
    extension("2.5.29.14", false, octets(keyId(s.key))), // subjectKeyIdentifier
    extension("2.5.29.35", false, seq(tlv(0x80, keyId(s.issuerKey)))), // authorityKeyIdentifier
    extension("2.5.29.19", true, s.ca ? seq(bool(true), uint(s.ca.pathLen)) : seq()), // basicConstraints
    extension("2.5.29.15", true, s.ca ? keyUsage([5, 6]) : keyUsage([0, 1])), // keyUsage
    ...(s.extra ?? []),
  ];
  const tbs = seq(
    explicit(0, uint(2)),
    uint(s.serial),
    alg,
    name(s.issuer),
    seq(utcTime(s.notBefore), utcTime(s.notAfter)),
    name(s.subject),
    spki,
    explicit(3, seq(...exts)),
  );
  return seq(tbs, alg, bitString(signP256(s.issuerKey, tbs, "der")));
}

export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

export const ROOT_CN = "MigTD Simulator TEST Root CA";
export const PLATFORM_CA_CN = "MigTD Simulator TEST Platform CA";
export const PCK_CN = "MigTD Simulator TEST PCK Certificate";

export function defaultTcb(seed = DEFAULT_SEED): PckTcb {
  return {
    fmspc: Uint8Array.from([0x00, 0x80, 0x6f, 0x05, 0x00, 0x00]),
    pceId: Uint8Array.from([0x00, 0x00]),
    cpuSvn: Uint8Array.from([3, 3, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0]),
    pceSvn: 13,
    components: [3, 3, 2, 2, 3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0],
    ppid: sha("sha256", seed, "/ppid").subarray(0, 16),
  };
}

export function buildPckChain(opts: PckChainOptions = {}): PckChain {
  const seed = opts.seed ?? DEFAULT_SEED;
  const tcb = { ...defaultTcb(seed), ...opts.tcb };
  const notBefore = opts.notBefore ?? new Date(Date.UTC(2024, 0, 1));
  const notAfter = opts.notAfter ?? new Date(Date.UTC(2049, 11, 31, 23, 59, 59));
  const serial = (label: string) => sha("sha256", seed, "/serial/", label).subarray(0, 16);
  const rootKey = deriveKey(seed, "root");
  const caKey = deriveKey(seed, "platform-ca");
  const pckKey = deriveKey(seed, "pck");
  const root = issue({ serial: serial("root"), subject: ROOT_CN, issuer: ROOT_CN, key: rootKey, issuerKey: rootKey, notBefore, notAfter, ca: { pathLen: 1 } });
  const ca = issue({ serial: serial("platform-ca"), subject: PLATFORM_CA_CN, issuer: ROOT_CN, key: caKey, issuerKey: rootKey, notBefore, notAfter, ca: { pathLen: 0 } });
  const pck = issue({
    serial: serial("pck"), subject: PCK_CN, issuer: PLATFORM_CA_CN, key: pckKey, issuerKey: caKey, notBefore, notAfter, ca: null,
    extra: [extension(OID_SGX, false, sgxExtension(tcb))],
  });
  return {
    root: { der: root, key: rootKey },
    platformCa: { der: ca, key: caKey },
    pck: { der: pck, key: pckKey },
    tcb,
    pem: toPem(pck) + toPem(ca) + toPem(root),
  };
}

const cache = new Map<string, PckChain>();

// The default chain for a seed (built once per process).
export function defaultPckChain(seed = DEFAULT_SEED): PckChain {
  let c = cache.get(seed);
  if (!c) cache.set(seed, (c = buildPckChain({ seed })));
  return c;
}

// The TEST root CA certificate (DER) that quotes from the simulated quote service chain to.
export function testRootDer(seed = DEFAULT_SEED): Uint8Array {
  return defaultPckChain(seed).root.der;
}
