// Interoperability with OpenSSL through node:tls, both directions, with MigTD's parameters
// (TLS 1.3, TLS_AES_256_GCM_SHA384, secp384r1, ecdsa_secp384r1_sha384, mutual authentication):
// the handshake completes, each side sees the other's certificate, and application data flows
// both ways. Peers outside that profile are refused with the right alert and result code 6.
import * as net from "node:net";
import * as tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { ALERT, E, FLAG_CLIENT, FLAG_NO_KEY_SHARE, TlsModule, makeIdentity, raTlsIdentity, type TestIdentity, type TlsHandle } from "./harness";
import { Bridge } from "./bridge";

const PROFILE = {
  minVersion: "TLSv1.3" as const,
  ciphers: "TLS_AES_256_GCM_SHA384",
  ecdhCurve: "secp384r1",
  sigalgs: "ecdsa_secp384r1_sha384",
};

let m: TlsModule;
let ours: TestIdentity;
let theirs: TestIdentity;
let oursH: number;

beforeAll(async () => {
  m = await TlsModule.load();
  ours = await makeIdentity("wasm side");
  theirs = await makeIdentity("openssl side");
  oursH = await m.identity(ours);
});

// A node:tls server with `opts`; each accepted connection echoes "echo:" + data.
async function nodeServer(opts: tls.TlsOptions): Promise<{ port: number; sockets: Promise<tls.TLSSocket>; errors: Error[]; close: () => void }> {
  const errors: Error[] = [];
  let resolveSock!: (s: tls.TLSSocket) => void;
  const sockets = new Promise<tls.TLSSocket>((r) => (resolveSock = r));
  const server = tls.createServer({ key: theirs.keyPem, cert: theirs.certPem, requestCert: true, rejectUnauthorized: false, ...opts }, (s) => {
    resolveSock(s);
    s.on("data", (d) => s.write(Buffer.concat([Buffer.from("echo:"), d])));
    s.on("error", (e) => errors.push(e));
  });
  server.on("tlsClientError", (e) => errors.push(e));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return { port, sockets, errors, close: () => server.close() };
}

async function connectRaw(port: number): Promise<net.Socket> {
  const s = net.connect(port, "127.0.0.1");
  await new Promise<void>((r, j) => s.once("connect", r).once("error", j));
  return s;
}

// Our server behind a raw TCP listener; resolves with the accepted bridge.
async function wasmServer(flags = 0): Promise<{ port: number; accepted: Promise<{ h: TlsHandle; b: Bridge }>; close: () => void }> {
  let resolveB!: (v: { h: TlsHandle; b: Bridge }) => void;
  const accepted = new Promise<{ h: TlsHandle; b: Bridge }>((r) => (resolveB = r));
  const server = net.createServer(async (sock) => {
    const h = await m.engine(oursH, flags);
    resolveB({ h, b: new Bridge(h, sock) });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as net.AddressInfo).port, accepted, close: () => server.close() };
}

describe("our client against an OpenSSL server", () => {
  for (const [name, flags] of [["with a key share in the first ClientHello", 0], ["after a HelloRetryRequest (empty first key_share)", FLAG_NO_KEY_SHARE]] as const) {
    it(`completes mutual authentication and exchanges data both ways, ${name}`, async () => {
      const srv = await nodeServer(PROFILE);
      const sock = await connectRaw(srv.port);
      const h = await m.engine(oursH, FLAG_CLIENT | flags);
      const b = new Bridge(h, sock);
      expect(await b.run(() => h.done())).toBe(true);
      expect(await h.write(new TextEncoder().encode("ping from wasm"))).toBe(0);
      let got = "";
      expect(await b.run(async () => (got += Buffer.from(await h.read()).toString()).includes("echo:ping from wasm"))).toBe(true);
      const s = await srv.sockets;
      expect(s.getProtocol()).toBe("TLSv1.3");
      expect(s.getCipher().standardName).toBe("TLS_AES_256_GCM_SHA384");
      expect(new Uint8Array(s.getPeerCertificate(true).raw)).toEqual(ours.certDer);
      expect(await h.peerCert()).toEqual(theirs.certDer);
      expect(await h.verifierCalls()).toBe(1);
      expect(await h.error()).toBeNull();
      sock.destroy();
      srv.close();
      await h.free();
    });
  }

  for (const [name, opts, alert] of [
    ["a TLS 1.2-only server", { minVersion: "TLSv1.2", maxVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-AES256-GCM-SHA384", ecdhCurve: "secp384r1" }, ALERT.protocol_version],
    ["an X25519-only server", { ...PROFILE, ecdhCurve: "X25519" }, ALERT.handshake_failure],
    ["a TLS_AES_128_GCM_SHA256-only server", { ...PROFILE, ciphers: "TLS_AES_128_GCM_SHA256" }, ALERT.handshake_failure],
  ] as const) {
    it(`is refused by ${name}, reporting the peer's alert and result code 6`, async () => {
      const srv = await nodeServer(opts as tls.TlsOptions);
      const sock = await connectRaw(srv.port);
      const h = await m.engine(oursH, FLAG_CLIENT);
      const b = new Bridge(h, sock);
      await b.run(async () => (await h.error()) !== null, 5000);
      const e = await h.error();
      expect(e).not.toBeNull();
      expect(e!.result).toBe(6);
      expect([E.PeerAlert, E.PeerClosed]).toContain(e!.code);
      if (e!.code === E.PeerAlert) expect(e!.alert).toBe(alert);
      expect(await h.done()).toBe(false);
      sock.destroy();
      srv.close();
      await h.free();
    });
  }
});

// A node:tls client against our server; resolves once connected or failed.
function nodeClient(port: number, opts: tls.ConnectionOptions): { sock: tls.TLSSocket; ready: Promise<Error | null>; data: Buffer[] } {
  const data: Buffer[] = [];
  const sock = tls.connect({ host: "127.0.0.1", port, key: theirs.keyPem, cert: theirs.certPem, rejectUnauthorized: false, ...opts });
  sock.on("data", (d) => data.push(d));
  const ready = new Promise<Error | null>((r) => {
    sock.once("secureConnect", () => r(null));
    sock.once("error", (e) => r(e));
  });
  return { sock, ready, data };
}

describe("our server against an OpenSSL client", () => {
  for (const [name, curve] of [["with a secp384r1 key share", "secp384r1"], ["via HelloRetryRequest when the client leads with X25519", "X25519:secp384r1"]] as const) {
    it(`completes mutual authentication and exchanges data both ways, ${name}`, async () => {
      const srv = await wasmServer();
      const cl = nodeClient(srv.port, { ...PROFILE, ecdhCurve: curve });
      const { h, b } = await srv.accepted;
      const run = b.run(() => h.done());
      expect(await cl.ready).toBeNull();
      expect(await run).toBe(true);
      expect(cl.sock.getProtocol()).toBe("TLSv1.3");
      expect(new Uint8Array(cl.sock.getPeerCertificate(true).raw)).toEqual(ours.certDer);
      expect(await h.peerCert()).toEqual(theirs.certDer);
      cl.sock.write("ping from openssl");
      let got = "";
      expect(await b.run(async () => (got += Buffer.from(await h.read()).toString()).includes("ping from openssl"))).toBe(true);
      await h.write(new TextEncoder().encode("pong from wasm"));
      await b.step();
      const deadline = Date.now() + 5000;
      while (!Buffer.concat(cl.data).toString().includes("pong from wasm") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(Buffer.concat(cl.data).toString()).toContain("pong from wasm");
      cl.sock.destroy();
      srv.close();
      await h.free();
    });
  }

  for (const [name, opts, code, alert] of [
    ["a TLS 1.2-only client", { minVersion: "TLSv1.2", maxVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-AES256-GCM-SHA384", ecdhCurve: "secp384r1" }, E.ProtocolVersion, ALERT.protocol_version],
    ["an X25519-only client", { ...PROFILE, ecdhCurve: "X25519" }, E.NoCommonGroup, ALERT.handshake_failure],
    ["a TLS_AES_128_GCM_SHA256-only client", { ...PROFILE, ciphers: "TLS_AES_128_GCM_SHA256" }, E.NoCommonSuite, ALERT.handshake_failure],
    ["a client without a certificate", { ...PROFILE, key: undefined, cert: undefined }, E.CertificateRequired, ALERT.certificate_required],
  ] as const) {
    it(`refuses ${name} with the right alert and result code 6`, async () => {
      const srv = await wasmServer();
      const cl = nodeClient(srv.port, opts as tls.ConnectionOptions);
      const { h, b } = await srv.accepted;
      await b.run(async () => (await h.error()) !== null, 5000);
      const e = await h.error();
      expect(e).toMatchObject({ code, alert, result: 6 });
      const err = await Promise.race([cl.ready, new Promise<Error | null>((r) => cl.sock.once("close", () => r(new Error("closed"))))]);
      // The client may see the failure only after its own Finished (no certificate case).
      if (code !== E.CertificateRequired) expect(err).not.toBeNull();
      cl.sock.destroy();
      srv.close();
      await h.free();
    });
  }
});

describe("RA-TLS certificates with OpenSSL", () => {
  it("both directions complete with RA-TLS certificates carrying a 60 KiB event log", async () => {
    const quote = new Uint8Array(randomBytes(5000));
    const mine = await raTlsIdentity(m, quote, new Uint8Array(randomBytes(60 * 1024)));
    const other = await raTlsIdentity(m, quote, new Uint8Array(randomBytes(60 * 1024)));
    const mineH = await m.identity(mine);
    const saved = theirs;
    theirs = other;
    try {
      // Our client, OpenSSL server.
      const srv = await nodeServer(PROFILE);
      const sock = await connectRaw(srv.port);
      const h = await m.engine(mineH, FLAG_CLIENT);
      const b = new Bridge(h, sock);
      expect(await b.run(() => h.done())).toBe(true);
      expect(await h.peerCert()).toEqual(other.certDer);
      expect(new Uint8Array((await srv.sockets).getPeerCertificate(true).raw)).toEqual(mine.certDer);
      sock.destroy();
      srv.close();
      await h.free();
      // Our server, OpenSSL client.
      const ws = await new Promise<{ port: number; server: net.Server; accepted: Promise<TlsHandle & { b?: Bridge }> }>((resolve) => {
        let res!: (v: TlsHandle & { b?: Bridge }) => void;
        const accepted = new Promise<TlsHandle & { b?: Bridge }>((r) => (res = r));
        const server = net.createServer(async (so) => {
          const hh = (await m.engine(mineH, 0)) as TlsHandle & { b?: Bridge };
          hh.b = new Bridge(hh, so);
          res(hh);
        });
        server.listen(0, "127.0.0.1", () => resolve({ port: (server.address() as net.AddressInfo).port, server, accepted }));
      });
      const cl = nodeClient(ws.port, PROFILE);
      const hs = await ws.accepted;
      const run = hs.b!.run(() => hs.done());
      expect(await cl.ready).toBeNull();
      expect(await run).toBe(true);
      expect(await hs.peerCert()).toEqual(other.certDer);
      cl.sock.destroy();
      ws.server.close();
      await hs.free();
    } finally {
      theirs = saved;
    }
  });
});

afterAll(() => {});
