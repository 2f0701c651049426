// Shared set-up for the elliptic-curve suites (ec-*.test.ts) and the benchmark: builds
// build/test/crypto_ec.wasm when it is missing or older than its sources, lists the engines to
// run on (Node always; wasm2c when test/helpers/native-engine.ts exists), and wraps the module's
// raw-pointer exports in byte-array functions.
import { type Engine } from "../helpers/engine";
import { engineFactories as sharedFactories, type EngineFactory } from "../helpers/engines";
import { ensureTestWasm } from "../helpers/test-wasm";

export { ROOT } from "../helpers/test-wasm";

export function engineFactories(): EngineFactory[] {
  return sharedFactories(() => ensureTestWasm("crypto_ec"));
}

// Byte-level wrappers. Each call allocates its inputs with api_alloc and frees them after.
export class EcCore {
  constructor(readonly e: Engine) {}

  private async put(bytes: Uint8Array): Promise<number> {
    const p = Number(await this.e.call("api_alloc", Math.max(bytes.length, 1)));
    if (bytes.length) await this.e.write(p, bytes);
    return p;
  }
  private async alloc(n: number): Promise<number> {
    return Number(await this.e.call("api_alloc", n));
  }
  private async free(...ps: number[]): Promise<void> {
    for (const p of ps) await this.e.call("api_free", p);
  }

  async verify(bits: 256 | 384, pub: Uint8Array, digest: Uint8Array, sig: Uint8Array): Promise<boolean> {
    const [p, d, s] = [await this.put(pub), await this.put(digest), await this.put(sig)];
    const r = await this.e.call(bits === 256 ? "p256_verify" : "p384_verify", p, pub.length, d, digest.length, s, sig.length);
    await this.free(p, d, s);
    return Number(r) === 1;
  }

  async p384Sign(priv: Uint8Array, digest: Uint8Array): Promise<Uint8Array | null> {
    const [k, d, o] = [await this.put(priv), await this.put(digest), await this.alloc(96)];
    const r = Number(await this.e.call("p384_sign", k, priv.length, d, digest.length, o));
    const out = r === 1 ? await this.e.read(o, 96) : null;
    await this.free(k, d, o);
    return out;
  }

  async signDeterministic(bits: 256 | 384, priv: Uint8Array, digest: Uint8Array): Promise<Uint8Array | null> {
    const size = bits / 8;
    const [k, d, o] = [await this.put(priv), await this.put(digest), await this.alloc(2 * size)];
    const r = Number(await this.e.call("ecdsa_sign_det", bits, k, d, digest.length, o));
    const out = r === 1 ? await this.e.read(o, 2 * size) : null;
    await this.free(k, d, o);
    return out;
  }

  async publicFromPrivate(bits: 256 | 384, priv: Uint8Array): Promise<Uint8Array | null> {
    const size = bits / 8;
    const [k, o] = [await this.put(priv), await this.alloc(1 + 2 * size)];
    const r = Number(await this.e.call("ec_pub_from_priv", bits, k, priv.length, o));
    const out = r === 1 ? await this.e.read(o, 1 + 2 * size) : null;
    await this.free(k, o);
    return out;
  }

  async p384Keygen(): Promise<{ priv: Uint8Array; pub: Uint8Array } | null> {
    const [k, p] = [await this.alloc(48), await this.alloc(97)];
    const r = Number(await this.e.call("p384_keygen", k, p));
    const out = r === 1 ? { priv: await this.e.read(k, 48), pub: await this.e.read(p, 97) } : null;
    await this.free(k, p);
    return out;
  }

  async p384Ecdh(priv: Uint8Array, peer: Uint8Array): Promise<Uint8Array | null> {
    const [k, q, o] = [await this.put(priv), await this.put(peer), await this.alloc(48)];
    const r = Number(await this.e.call("p384_ecdh", k, priv.length, q, peer.length, o));
    const out = r === 1 ? await this.e.read(o, 48) : null;
    await this.free(k, q, o);
    return out;
  }

  async sigFromDer(der: Uint8Array, scalarLen: number): Promise<Uint8Array | null> {
    const [d, o] = [await this.put(der), await this.alloc(Math.max(2 * scalarLen, 0) + 1)];
    const r = Number(await this.e.call("sig_from_der", d, der.length, scalarLen, o));
    const out = r >= 0 ? await this.e.read(o, r) : null;
    await this.free(d, o);
    return out;
  }

  // op (0 mul, 1 sqr, 2 add, 3 sub, 4 inv) on plain big-endian values < m; which 0 = mod p, 1 = mod n.
  async fieldEval(bits: 256 | 384, which: 0 | 1, op: number, a: Uint8Array, b: Uint8Array): Promise<Uint8Array> {
    const [pa, pb, o] = [await this.put(a), await this.put(b), await this.alloc(bits / 8)];
    await this.e.call("field_eval", bits, which, op, o, pa, pb);
    const out = await this.e.read(o, bits / 8);
    await this.free(pa, pb, o);
    return out;
  }

  async sigToDer(raw: Uint8Array): Promise<Uint8Array> {
    const [d, o] = [await this.put(raw), await this.alloc(raw.length + 16)];
    const r = Number(await this.e.call("sig_to_der", d, raw.length, o));
    const out = await this.e.read(o, r);
    await this.free(d, o);
    return out;
  }
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
export const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(Buffer.concat(parts));

export const CURVES = {
  256: {
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  384: {
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
} as const;

export function intToBytes(x: bigint, len: number): Uint8Array {
  return hex(x.toString(16).padStart(2 * len, "0"));
}
export function bytesToInt(b: Uint8Array): bigint {
  return b.length ? BigInt("0x" + toHex(b)) : 0n;
}
