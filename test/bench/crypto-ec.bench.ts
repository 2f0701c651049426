// ns/op of the elliptic-curve operations: our core (Node/V8, and natively through wasm2c when
// test/helpers/native-engine.ts exists) against node:crypto (OpenSSL) and @noble/curves. The
// core is timed through loop exports (bench_* in test/wasm/crypto_ec.ts) so that call overhead
// does not count. Ratio = ns/op divided by node:crypto's.
import { createECDH, createHash, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { p256, p384 } from "@noble/curves/nist.js";
import { engineFactories } from "../crypto/ec.harness";
import type { Engine } from "../helpers/engine";

const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");

function timeSync(fn: () => void, minMs = 400): number {
  fn(); // warm-up
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const dt = performance.now() - t0;
    if (dt >= minMs) return (dt * 1e6) / n;
    n = Math.max(n * 2, Math.ceil((n * minMs * 1.2) / Math.max(dt, 1)));
  }
}

async function timeLoop(e: Engine, fn: string, args: number[], minMs = 400): Promise<number> {
  await e.call(fn, 1, ...args); // warm-up (builds tables)
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    const ok = Number(await e.call(fn, n, ...args));
    const dt = performance.now() - t0;
    if (ok !== n) throw new Error(`${fn}: ${ok}/${n} succeeded`);
    if (dt >= minMs) return (dt * 1e6) / n;
    n = Math.max(n * 2, Math.ceil((n * minMs * 1.2) / Math.max(dt, 1)));
  }
}

function fixture(bits: 256 | 384) {
  const noble = bits === 256 ? p256 : p384;
  const size = bits / 8;
  const hash = bits === 256 ? "sha256" : "sha384";
  const priv = noble.utils.randomSecretKey();
  const pub = noble.getPublicKey(priv, false);
  const msg = Buffer.from("benchmark message");
  const digest = createHash(hash).update(msg).digest();
  const sig = noble.sign(digest, priv, { prehash: false, lowS: false });
  const jwk = { kty: "EC", crv: bits === 256 ? "P-256" : "P-384", x: b64u(pub.subarray(1, 1 + size)), y: b64u(pub.subarray(1 + size)) };
  return {
    noble, hash, priv, pub, msg, digest, sig,
    privKey: createPrivateKey({ key: { ...jwk, d: b64u(priv) }, format: "jwk" }),
    pubKey: createPublicKey({ key: jwk, format: "jwk" }),
  };
}

async function put(e: Engine, b: Uint8Array): Promise<number> {
  const p = Number(await e.call("api_alloc", b.length));
  await e.write(p, b);
  return p;
}

export async function run(): Promise<void> {
  const f256 = fixture(256);
  const f384 = fixture(384);
  const peer = createECDH("secp384r1");
  peer.generateKeys();
  const peerPub = Uint8Array.from(peer.getPublicKey());

  type Row = { op: string; impl: string; ns: number };
  const rows: Row[] = [];

  rows.push({ op: "P-256 verify", impl: "node:crypto", ns: timeSync(() => nodeVerify(f256.hash, f256.msg, { key: f256.pubKey, dsaEncoding: "ieee-p1363" }, f256.sig)) });
  rows.push({ op: "P-256 verify", impl: "@noble/curves", ns: timeSync(() => p256.verify(f256.sig, f256.digest, f256.pub, { prehash: false, lowS: false })) });
  rows.push({ op: "P-384 sign", impl: "node:crypto", ns: timeSync(() => nodeSign(f384.hash, f384.msg, { key: f384.privKey, dsaEncoding: "ieee-p1363" })) });
  rows.push({ op: "P-384 sign", impl: "@noble/curves", ns: timeSync(() => p384.sign(f384.digest, f384.priv, { prehash: false, lowS: false, extraEntropy: true })) });
  rows.push({ op: "P-384 verify", impl: "node:crypto", ns: timeSync(() => nodeVerify(f384.hash, f384.msg, { key: f384.pubKey, dsaEncoding: "ieee-p1363" }, f384.sig)) });
  rows.push({ op: "P-384 verify", impl: "@noble/curves", ns: timeSync(() => p384.verify(f384.sig, f384.digest, f384.pub, { prehash: false, lowS: false })) });
  rows.push({
    op: "P-384 keygen+ECDH", impl: "node:crypto",
    ns: timeSync(() => {
      const k = createECDH("secp384r1");
      k.generateKeys();
      k.computeSecret(peerPub);
    }),
  });
  rows.push({
    op: "P-384 keygen+ECDH", impl: "@noble/curves",
    ns: timeSync(() => {
      const k = p384.utils.randomSecretKey();
      p384.getPublicKey(k, false);
      p384.getSharedSecret(k, peerPub, false);
    }),
  });

  for (const factory of engineFactories()) {
    let e: Engine;
    try {
      e = await factory.make();
    } catch (err) {
      console.log(`(skipping core on ${factory.name}: ${(err as Error).message.split("\n")[0]})`);
      continue;
    }
    const impl = `core (${factory.name})`;
    const p1 = await put(e, f256.pub), d1 = await put(e, f256.digest), s1 = await put(e, f256.sig);
    const p3 = await put(e, f384.pub), d3 = await put(e, f384.digest), s3 = await put(e, f384.sig), k3 = await put(e, f384.priv);
    const q3 = await put(e, peerPub);
    rows.push({ op: "P-256 verify", impl, ns: await timeLoop(e, "bench_p256_verify", [p1, d1, s1]) });
    rows.push({ op: "P-384 sign", impl, ns: await timeLoop(e, "bench_p384_sign", [k3, d3]) });
    rows.push({ op: "P-384 verify", impl, ns: await timeLoop(e, "bench_p384_verify", [p3, d3, s3]) });
    rows.push({ op: "P-384 keygen+ECDH", impl, ns: await timeLoop(e, "bench_p384_keygen_ecdh", [q3]) });
    await e.close();
  }

  const ops = [...new Set(rows.map((r) => r.op))];
  console.log(`${"operation".padEnd(20)} ${"implementation".padEnd(16)} ${"ns/op".padStart(12)} ${"vs node:crypto".padStart(15)}`);
  for (const op of ops) {
    const ref = rows.find((r) => r.op === op && r.impl === "node:crypto")!.ns;
    for (const r of rows.filter((x) => x.op === op)) {
      console.log(`${op.padEnd(20)} ${r.impl.padEnd(16)} ${Math.round(r.ns).toLocaleString("en").padStart(12)} ${(r.ns / ref).toFixed(2).padStart(14)}x`);
    }
  }
}
