// Drives the TLS engines of build/test/tls.wasm from vitest: handles over the raw-pointer exports
// of test/wasm/tls.ts, test identities made with node:crypto + @peculiar/x509, and an in-memory
// pump that can tamper with the bytes in flight.
import { createPrivateKey, webcrypto } from "node:crypto";
import "./reflect-shim";
import * as x509 from "@peculiar/x509";
import { nodeEngine, type Engine } from "../helpers/engine";
import { ensureTestWasm } from "../helpers/test-wasm";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export const FLAG_CLIENT = 1;
export const FLAG_NO_KEY_SHARE = 2;
export const FLAG_REJECT = 4;

export interface TlsErr {
  code: number;
  alert: number;
  result: number;
  message: string;
}

// TlsErrorCode values (assembly/tls/errors.ts).
export const E = {
  UnexpectedMessage: 0x1001,
  DecodeError: 0x1002,
  RecordOverflow: 0x1003,
  BadRecordMac: 0x1004,
  HandshakeTooLarge: 0x1005,
  ProtocolVersion: 0x1010,
  NoCommonSuite: 0x1011,
  NoCommonGroup: 0x1012,
  NoCommonSignature: 0x1013,
  IllegalParameter: 0x1014,
  MissingExtension: 0x1015,
  UnsupportedExtension: 0x1016,
  Downgrade: 0x1017,
  BadCertificate: 0x1020,
  CertificateRejected: 0x1021,
  CertificateRequired: 0x1022,
  BadSignature: 0x1023,
  BadFinished: 0x1024,
  PeerAlert: 0x1030,
  PeerClosed: 0x1031,
  InternalError: 0x1040,
};

// Alert descriptions (RFC 8446 §6).
export const ALERT = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  record_overflow: 22,
  handshake_failure: 40,
  bad_certificate: 42,
  illegal_parameter: 47,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  internal_error: 80,
  missing_extension: 109,
  certificate_required: 116,
};

export class TlsModule {
  constructor(readonly e: Engine) {}

  static async load(): Promise<TlsModule> {
    return new TlsModule(await nodeEngine(ensureTestWasm("tls")));
  }

  async call(fn: string, ...args: (number | bigint)[]): Promise<number> {
    return Number(await this.e.call(fn, ...args));
  }

  async put(b: Uint8Array): Promise<number> {
    const p = await this.call("api_alloc", b.length);
    if (b.length) await this.e.write(p, b);
    return p;
  }

  async free(p: number): Promise<void> {
    await this.call("api_free", p);
  }

  // Reads and frees a [u32 length][bytes] block.
  async block(p: number): Promise<Uint8Array> {
    const len = new DataView((await this.e.read(p, 4)).buffer).getUint32(0, true);
    const out = len ? await this.e.read(p + 4, len) : new Uint8Array(0);
    await this.free(p);
    return out;
  }

  async string(p: number): Promise<string> {
    return Buffer.from(await this.block(p)).toString("utf8");
  }

  async withBytes<T>(b: Uint8Array, f: (p: number) => Promise<T>): Promise<T> {
    const p = await this.put(b);
    try {
      return await f(p);
    } finally {
      await this.free(p);
    }
  }

  async identity(id: TestIdentity): Promise<number> {
    const pp = await this.put(id.priv);
    const pu = await this.put(id.pub);
    const pc = await this.put(id.certDer);
    const h = await this.call("identity_new", pp, pu, pc, id.certDer.length);
    for (const p of [pp, pu, pc]) await this.free(p);
    return h;
  }

  async engine(identity: number, flags: number, code = 0): Promise<TlsHandle> {
    return new TlsHandle(this, await this.call("engine_new", identity, flags, code));
  }
}

export class TlsHandle {
  constructor(readonly m: TlsModule, readonly h: number) {}

  feed(b: Uint8Array): Promise<number> {
    return this.m.withBytes(b, (p) => this.m.call("engine_feed", this.h, p, b.length));
  }
  async output(): Promise<Uint8Array> {
    return this.m.block(await this.m.call("engine_take_output", this.h));
  }
  write(b: Uint8Array): Promise<number> {
    return this.m.withBytes(b, (p) => this.m.call("engine_write", this.h, p, b.length));
  }
  async read(): Promise<Uint8Array> {
    return this.m.block(await this.m.call("engine_read", this.h));
  }
  async state(): Promise<string> {
    return this.m.string(await this.m.call("engine_state", this.h));
  }
  async done(): Promise<boolean> {
    return (await this.m.call("engine_done", this.h)) === 1;
  }
  async peerClosed(): Promise<boolean> {
    return (await this.m.call("engine_peer_closed", this.h)) === 1;
  }
  async error(): Promise<TlsErr | null> {
    const dst = await this.m.put(new Uint8Array(12));
    const has = await this.m.call("engine_error", this.h, dst);
    const raw = await this.m.e.read(dst, 12);
    await this.m.free(dst);
    if (!has) return null;
    const v = new DataView(raw.buffer);
    const message = await this.m.string(await this.m.call("engine_error_message", this.h));
    return { code: v.getInt32(0, true), alert: v.getInt32(4, true), result: v.getInt32(8, true), message };
  }
  async peerCert(): Promise<Uint8Array> {
    return this.m.block(await this.m.call("engine_peer_cert", this.h));
  }
  verifierCalls(): Promise<number> {
    return this.m.call("engine_verifier_calls", this.h);
  }
  updateKeys(request: boolean): Promise<number> {
    return this.m.call("engine_update_keys", this.h, request ? 1 : 0);
  }
  async eof(): Promise<void> {
    await this.m.call("engine_eof", this.h);
  }
  async close(): Promise<void> {
    await this.m.call("engine_close", this.h);
  }
  async free(): Promise<void> {
    await this.m.call("engine_free", this.h);
  }
}

export interface TestIdentity {
  priv: Uint8Array; // 48
  pub: Uint8Array; // 97
  certDer: Uint8Array;
  keyPem: string; // PKCS#8, for node:tls
  certPem: string;
}

const b64u = (s: string) => new Uint8Array(Buffer.from(s, "base64url"));

// A P-384 key and a self-signed ecdsa-with-SHA384 certificate for it.
export async function makeIdentity(cn = "MigTD test"): Promise<TestIdentity> {
  const alg = { name: "ECDSA", namedCurve: "P-384", hash: "SHA-384" };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${cn}`,
    notBefore: new Date("2020-01-01T00:00:00Z"),
    notAfter: new Date("2099-01-01T00:00:00Z"),
    signingAlgorithm: alg,
    keys,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return identityFromKeys(keys.privateKey, new Uint8Array(cert.rawData));
}

export async function identityFromKeys(priv: CryptoKey, certDer: Uint8Array): Promise<TestIdentity> {
  const jwk = await webcrypto.subtle.exportKey("jwk", priv);
  const pub = new Uint8Array(97);
  pub[0] = 4;
  pub.set(b64u(jwk.x!), 1);
  pub.set(b64u(jwk.y!), 49);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", priv));
  return {
    priv: b64u(jwk.d!),
    pub,
    certDer,
    keyPem: pem("PRIVATE KEY", pkcs8),
    certPem: pem("CERTIFICATE", Buffer.from(certDer)),
  };
}

// An identity from a raw P-384 scalar and point (e.g. made inside the core) and a certificate.
export async function raTlsIdentity(m: TlsModule, quote: Uint8Array, log: Uint8Array): Promise<TestIdentity> {
  const q = await m.put(quote);
  const l = await m.put(log);
  const out = await m.block(await m.call("ratls_build", q, quote.length, l, log.length));
  await m.free(q);
  await m.free(l);
  if (out.length <= 145) throw new Error("ratls_build failed");
  return identityFromRaw(out.slice(0, 48), out.slice(48, 145), out.slice(145));
}

export function identityFromRaw(priv: Uint8Array, pub: Uint8Array, certDer: Uint8Array): TestIdentity {
  const jwk = {
    kty: "EC",
    crv: "P-384",
    d: Buffer.from(priv).toString("base64url"),
    x: Buffer.from(pub.subarray(1, 49)).toString("base64url"),
    y: Buffer.from(pub.subarray(49, 97)).toString("base64url"),
  };
  const keyPem = createPrivateKey({ key: jwk, format: "jwk" }).export({ type: "pkcs8", format: "pem" }).toString();
  return { priv, pub, certDer, keyPem, certPem: pem("CERTIFICATE", Buffer.from(certDer)) };
}

function pem(label: string, der: Buffer): string {
  const b = der.toString("base64").replace(/(.{64})/g, "$1\n");
  return `-----BEGIN ${label}-----\n${b}${b.endsWith("\n") ? "" : "\n"}-----END ${label}-----\n`;
}

// Moves bytes between two engines until neither has anything to send. `tamper` may rewrite (or
// drop, by returning an empty array) each chunk in flight; it sees the direction and a counter.
export type Tamper = (bytes: Uint8Array, fromClient: boolean, n: number) => Uint8Array;

export async function pump(client: TlsHandle, server: TlsHandle, tamper?: Tamper, rounds = 32): Promise<void> {
  let n = 0;
  for (let i = 0; i < rounds; i++) {
    let moved = false;
    for (const [from, to, fromClient] of [[client, server, true], [server, client, false]] as const) {
      let out = await from.output();
      if (out.length === 0) continue;
      if (tamper) out = tamper(out, fromClient, n++);
      moved = true;
      if (out.length) await to.feed(out);
    }
    if (!moved) return;
  }
}

// Splits a byte stream into its TLS records (header + body).
export function splitRecords(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  while (o + 5 <= b.length) {
    const len = (b[o + 3] << 8) | b[o + 4];
    out.push(b.subarray(o, Math.min(b.length, o + 5 + len)));
    o += 5 + len;
  }
  if (o < b.length) out.push(b.subarray(o));
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}
