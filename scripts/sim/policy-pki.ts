// A TEST policy-signing PKI for signed policies v2 (spec migtd.md §3.4): root CA -> intermediate
// CA -> policy signer, all ECDSA P-384 with SHA-384, as Intel's own test chain is shaped. Keys are
// derived from a seed (the same seed gives the same chain), so the simulator, the tests and an
// image built for the simulator agree on the signer without key files. Tooling only: a real
// fleet's signer key never comes from a seed.
import { createHash } from "node:crypto";
import { p384 } from "@noble/curves/nist.js";
import { toPem } from "./pck-chain.ts";

export interface P384Key {
  secret: Uint8Array; // 48-byte scalar
  publicKey: Uint8Array; // 04 || X || Y (97 bytes)
}

export interface PolicyPki {
  root: { der: Uint8Array; key: P384Key };
  intermediate: { der: Uint8Array; key: P384Key };
  signer: { der: Uint8Array; key: P384Key };
  chainPem: string; // leaf first (the enrolled issuer chain, §5.2)
}

export function deriveP384(seed: string, label: string): P384Key {
  for (let i = 0; ; i++) {
    const secret = new Uint8Array(createHash("sha384").update(`${seed}/${label}/${i}`).digest());
    if (p384.utils.isValidSecretKey(secret)) return { secret, publicKey: p384.getPublicKey(secret, false) };
  }
}

// ECDSA P-384 over SHA-384(msg), DER Ecdsa-Sig-Value (RFC 6979 nonces: deterministic).
export function signP384Der(key: P384Key, msg: Uint8Array): Uint8Array {
  return p384.sign(msg, key.secret, { format: "der" });
}

// ---- DER, just enough for these certificates ----
const cat = (parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = cat(content);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return cat([Uint8Array.of(tag, ...len), body]);
}
const seq = (...c: Uint8Array[]) => tlv(0x30, ...c);
const set = (...c: Uint8Array[]) => tlv(0x31, ...c);
function oid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const out: number[] = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const g: number[] = [];
    let v = arc;
    do { g.unshift(v & 0x7f); v = Math.floor(v / 128); } while (v > 0);
    g.forEach((x, i) => out.push(i < g.length - 1 ? x | 0x80 : x));
  }
  return tlv(0x06, Uint8Array.from(out));
}
const utf8 = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
const genTime = (s: string) => tlv(0x18, new TextEncoder().encode(s));
const name = (cn: string) => seq(set(seq(oid("2.5.4.3"), utf8(cn))), set(seq(oid("2.5.4.10"), utf8("MigTD TEST Policy Issuer"))));
const ext = (id: string, critical: boolean, value: Uint8Array) =>
  critical ? seq(oid(id), tlv(0x01, Uint8Array.of(0xff)), tlv(0x04, value)) : seq(oid(id), tlv(0x04, value));

const ECDSA_SHA384 = "1.2.840.10045.4.3.3";

function issue(serial: number, subject: string, issuer: string, key: P384Key, issuerKey: P384Key, ca: boolean): Uint8Array {
  const alg = seq(oid(ECDSA_SHA384));
  const spki = seq(seq(oid("1.2.840.10045.2.1"), oid("1.3.132.0.34")), tlv(0x03, Uint8Array.of(0), key.publicKey));
  const exts = seq(
    ext("2.5.29.19", true, ca ? seq(tlv(0x01, Uint8Array.of(0xff))) : seq()),
    ext("2.5.29.15", true, ca ? tlv(0x03, Uint8Array.of(1, 0x06)) : tlv(0x03, Uint8Array.of(7, 0x80))),
  );
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Uint8Array.of(2))),
    tlv(0x02, Uint8Array.of(serial)),
    alg,
    name(issuer),
    seq(genTime("20250101000000Z"), genTime("99991231235959Z")),
    name(subject),
    spki,
    tlv(0xa3, exts),
  );
  return seq(tbs, alg, tlv(0x03, Uint8Array.of(0), signP384Der(issuerKey, tbs)));
}

export const POLICY_ROOT_CN = "MigTD TEST Policy Root CA";
export const POLICY_INTERMEDIATE_CN = "MigTD TEST Policy Intermediate CA";
export const POLICY_SIGNER_CN = "MigTD TEST Policy Signer";

const cache = new Map<string, PolicyPki>();

// `seed` picks the PKI; two seeds give two unrelated roots (the "signed by another root" case).
export function testPolicyPki(seed = "migtd-policy-test"): PolicyPki {
  const hit = cache.get(seed);
  if (hit) return hit;
  const rk = deriveP384(seed, "root");
  const ik = deriveP384(seed, "intermediate");
  const sk = deriveP384(seed, "signer");
  const root = issue(1, POLICY_ROOT_CN, POLICY_ROOT_CN, rk, rk, true);
  const inter = issue(2, POLICY_INTERMEDIATE_CN, POLICY_ROOT_CN, ik, rk, true);
  const signer = issue(3, POLICY_SIGNER_CN, POLICY_INTERMEDIATE_CN, sk, ik, false);
  const pki: PolicyPki = {
    root: { der: root, key: rk },
    intermediate: { der: inter, key: ik },
    signer: { der: signer, key: sk },
    chainPem: toPem(signer) + toPem(inter) + toPem(root),
  };
  cache.set(seed, pki);
  return pki;
}
