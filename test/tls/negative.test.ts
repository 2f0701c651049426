// What the engines refuse, and with which alert (RFC 8446 §6.2) and result code (always 6 for
// TLS-level failures, migtd.md §1.3): hand-made peers outside MigTD's profile, malformed records,
// and tampering in flight (flipped, truncated, reordered, dropped and replayed records). Every
// case ends in an error state, never a trap, and never releases application data.
import { beforeAll, describe, expect, it } from "vitest";
import { ALERT, E, FLAG_CLIENT, TlsModule, makeIdentity, pump, splitRecords, concat, type TlsHandle } from "./harness";
import { HRR_RANDOM, clientHello, ext, handshake, record, serverHello, sessionIdOf, u16, vec8 } from "./craft";

let m: TlsModule;
let id: number;
beforeAll(async () => {
  m = await TlsModule.load();
  id = await m.identity(await makeIdentity("neg"));
});

const server = () => m.engine(id, 0);
const client = () => m.engine(id, FLAG_CLIENT);

// The alert record a failed engine sent in the clear: [21, 3, 3, 0, 2, level, desc].
async function expectPlainAlert(h: TlsHandle, desc: number): Promise<void> {
  const out = await h.output();
  expect(Array.from(out.subarray(0, 5))).toEqual([21, 3, 3, 0, 2]);
  expect(out[6]).toBe(desc);
}

describe("our server refuses", () => {
  const cases: [string, Uint8Array, number, number][] = [
    ["a TLS 1.2-only ClientHello (no supported_versions)", clientHello({ versions: null }), E.ProtocolVersion, ALERT.protocol_version],
    ["a ClientHello offering only TLS 1.2 in supported_versions", clientHello({ versions: [0x0303] }), E.ProtocolVersion, ALERT.protocol_version],
    ["no common cipher suite", clientHello({ suites: [0x1301, 0x1303] }), E.NoCommonSuite, ALERT.handshake_failure],
    ["no common group", clientHello({ groups: [0x1d, 0x17], shares: [{ group: 0x1d, key: new Array(32).fill(5) }] }), E.NoCommonGroup, ALERT.handshake_failure],
    ["no common signature scheme", clientHello({ sigalgs: [0x0403, 0x0804] }), E.NoCommonSignature, ALERT.handshake_failure],
    ["a ClientHello without key_share", clientHello({ shares: null }), E.MissingExtension, ALERT.missing_extension],
    ["a ClientHello without signature_algorithms", clientHello({ sigalgs: null }), E.MissingExtension, ALERT.missing_extension],
    ["non-null compression", clientHello({ compression: [1, 0] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a duplicated extension", clientHello({ extra: [ext(10, [0, 2, 0, 0x18])] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["two shares for one group", clientHello({ shares: [{ group: 0x18, key: [4, ...new Array(96).fill(1)] }, { group: 0x18, key: [4, ...new Array(96).fill(2)] }] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a secp384r1 share that is not a curve point", clientHello(), E.IllegalParameter, ALERT.illegal_parameter],
    ["a truncated ClientHello body", record(22, handshake(1, [3, 3, 1, 2])), E.DecodeError, ALERT.decode_error],
    ["a handshake message that is not a ClientHello", record(22, handshake(2, [0])), E.UnexpectedMessage, ALERT.unexpected_message],
    ["application data before any keys", record(23, [1, 2, 3]), E.UnexpectedMessage, ALERT.unexpected_message],
    ["change_cipher_spec before the ClientHello", record(20, [1]), E.UnexpectedMessage, ALERT.unexpected_message],
    ["an empty handshake record", record(22, []), E.UnexpectedMessage, ALERT.unexpected_message],
    ["an unknown record type", record(99, [0]), E.UnexpectedMessage, ALERT.unexpected_message],
    ["a plaintext record over 2^14 bytes", record(22, new Array(16385).fill(0)), E.RecordOverflow, ALERT.record_overflow],
    ["a record header announcing over 2^14 + 256 bytes", new Uint8Array([22, 3, 3, 0x41, 0x01]), E.RecordOverflow, ALERT.record_overflow],
    ["a handshake message over the reassembly limit", record(22, [1, 0x02, 0x00, 0x01]), E.HandshakeTooLarge, ALERT.decode_error],
    ["a malformed alert", record(21, [2]), E.DecodeError, ALERT.decode_error],
  ];
  for (const [name, bytes, code, alert] of cases) {
    it(`${name}: ${Object.entries(ALERT).find(([, v]) => v === alert)![0]}`, async () => {
      const s = await server();
      const r = await s.feed(bytes);
      expect(r).toBe(-code);
      expect(await s.error()).toMatchObject({ code, alert, result: 6 });
      await expectPlainAlert(s, alert);
      expect(await s.state()).toBe("Failed");
      // Sticky: more input changes nothing.
      expect(await s.feed(clientHello())).toBe(-code);
      expect((await s.output()).length).toBe(0);
    });
  }

  it("a second ClientHello that still lacks secp384r1 after HelloRetryRequest", async () => {
    const s = await server();
    const ch = clientHello({ groups: [0x1d, 0x18], shares: [{ group: 0x1d, key: new Array(32).fill(5) }] });
    await s.feed(ch);
    const hrr = await s.output();
    expect(Array.from(hrr.subarray(11, 43))).toEqual(HRR_RANDOM);
    await s.feed(ch);
    expect(await s.error()).toMatchObject({ code: E.IllegalParameter, alert: ALERT.illegal_parameter, result: 6 });
  });

  it("a peer alert, reported as PeerAlert with the peer's description and result 6", async () => {
    const s = await server();
    await s.feed(record(21, [2, ALERT.handshake_failure]));
    expect(await s.error()).toMatchObject({ code: E.PeerAlert, alert: ALERT.handshake_failure, result: 6 });
    expect((await s.output()).length).toBe(0);
  });
});

describe("our client refuses", () => {
  async function started(): Promise<{ c: TlsHandle; sid: number[] }> {
    const c = await client();
    return { c, sid: sessionIdOf(await c.output()) };
  }
  const sv13 = ext(43, u16(0x0304));
  const cases: [string, (sid: number[]) => Uint8Array, number, number][] = [
    ["a TLS 1.2 ServerHello", (sid) => serverHello(sid, { suite: 0xc02c }), E.ProtocolVersion, ALERT.protocol_version],
    ["a TLS 1.2 ServerHello with the downgrade sentinel", (sid) => serverHello(sid, { suite: 0xc02c, random: [...new Array(24).fill(1), 0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 1] }), E.Downgrade, ALERT.illegal_parameter],
    ["a ServerHello selecting TLS 1.2 in supported_versions", (sid) => serverHello(sid, { exts: [ext(43, u16(0x0303))] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a cipher suite it did not offer", (sid) => serverHello(sid, { suite: 0x1301, exts: [sv13] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a wrong session id echo", () => serverHello(new Array(32).fill(0), { exts: [sv13] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a ServerHello key share for X25519", (sid) => serverHello(sid, { exts: [sv13, ext(51, [...u16(0x1d), ...u16(32), ...new Array(32).fill(1)])] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a ServerHello key share that is not a P-384 point", (sid) => serverHello(sid, { exts: [sv13, ext(51, [...u16(0x18), ...u16(97), 4, ...new Array(96).fill(1)])] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a ServerHello without key_share", (sid) => serverHello(sid, { exts: [sv13] }), E.MissingExtension, ALERT.missing_extension],
    ["an extension it did not offer in ServerHello", (sid) => serverHello(sid, { exts: [sv13, ext(16, [0, 0])] }), 0x1016, 110],
    ["a HelloRetryRequest for secp384r1 when that share was sent", (sid) => serverHello(sid, { random: HRR_RANDOM, exts: [sv13, ext(51, u16(0x18))] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a HelloRetryRequest for X25519", (sid) => serverHello(sid, { random: HRR_RANDOM, exts: [sv13, ext(51, u16(0x1d))] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a HelloRetryRequest that changes nothing", (sid) => serverHello(sid, { random: HRR_RANDOM, exts: [sv13] }), E.IllegalParameter, ALERT.illegal_parameter],
    ["a ClientHello sent to a client", () => clientHello(), E.UnexpectedMessage, ALERT.unexpected_message],
  ];
  for (const [name, make, code, alert] of cases) {
    it(name, async () => {
      const { c, sid } = await started();
      await c.feed(make(sid));
      expect(await c.error()).toMatchObject({ code, alert, result: 6 });
      await expectPlainAlert(c, alert);
    });
  }

  it("a second HelloRetryRequest", async () => {
    const c = await m.engine(id, FLAG_CLIENT | 2);
    const sid = sessionIdOf(await c.output());
    const hrr = serverHello(sid, { random: HRR_RANDOM, exts: [ext(43, u16(0x0304)), ext(51, u16(0x18))] });
    await c.feed(hrr);
    expect(await c.error()).toBeNull();
    expect((await c.output()).length).toBeGreaterThan(0); // ClientHello2
    await c.feed(hrr);
    expect(await c.error()).toMatchObject({ code: E.UnexpectedMessage, alert: ALERT.unexpected_message });
  });

  it("tolerates middlebox change_cipher_spec records but not other ones", async () => {
    const { c } = await started();
    expect(await c.feed(record(20, [1]))).toBeGreaterThan(0);
    expect(await c.error()).toBeNull();
    await c.feed(record(20, [2]));
    expect(await c.error()).toMatchObject({ code: E.UnexpectedMessage });
  });
});

// --- tampering in flight ---

async function flights(): Promise<{ c: TlsHandle; s: TlsHandle; ch: Uint8Array }> {
  const c = await client();
  const s = await server();
  await c.write(new TextEncoder().encode("secret payload"));
  return { c, s, ch: await c.output() };
}

async function noDataReleased(...hs: TlsHandle[]): Promise<void> {
  for (const h of hs) expect((await h.read()).length).toBe(0);
}

async function oneFailed(c: TlsHandle, s: TlsHandle): Promise<void> {
  await c.eof();
  await s.eof();
  const ce = await c.error();
  const se = await s.error();
  expect(ce !== null || se !== null).toBe(true);
  for (const e of [ce, se]) if (e) expect(e.result).toBe(6);
  expect((await c.done()) && (await s.done())).toBe(false);
  await noDataReleased(c, s);
}

describe("tampering in flight", () => {
  it("a flipped byte anywhere in any handshake record body fails the handshake", async () => {
    const flip = (b: Uint8Array, recIdx: number, where: number) => {
      const recs = splitRecords(b).map((r) => r.slice());
      const r = recs[Math.min(recIdx, recs.length - 1)];
      r[5 + Math.min(r.length - 6, Math.floor(where * (r.length - 5)))] ^= 0x20;
      return concat(recs);
    };
    // Flights: 0 = ClientHello, 1 = server flight (ServerHello + encrypted record), 2 = client
    // flight; several offsets in each record body.
    for (const [flight, recIdx] of [[0, 0], [1, 0], [1, 1], [2, 0]]) {
      for (const where of [0, 0.25, 0.5, 0.75, 1]) {
        const { c, s, ch } = await flights();
        await s.feed(flight === 0 ? flip(ch, recIdx, where) : ch);
        const f1 = await s.output();
        await c.feed(flight === 1 ? flip(f1, recIdx, where) : f1);
        const f2 = await c.output();
        if (f2.length) await s.feed(flight === 2 ? flip(f2, recIdx, where) : f2);
        await pump(c, s);
        await oneFailed(c, s);
      }
    }
  });

  it("reordered server records fail the handshake", async () => {
    const { c, s, ch } = await flights();
    await s.feed(ch);
    const [sh, enc] = splitRecords(await s.output());
    await c.feed(concat([enc, sh]));
    expect(await c.error()).toMatchObject({ code: E.UnexpectedMessage, result: 6 });
    await noDataReleased(c, s);
  });

  it("a dropped ServerHello fails; a dropped encrypted record leaves the client waiting, then failing at end of stream", async () => {
    {
      const { c, s, ch } = await flights();
      await s.feed(ch);
      const [, enc] = splitRecords(await s.output());
      await c.feed(enc);
      expect(await c.error()).toMatchObject({ code: E.UnexpectedMessage });
    }
    {
      const { c, s, ch } = await flights();
      await s.feed(ch);
      const [sh] = splitRecords(await s.output());
      await c.feed(sh);
      expect(await c.error()).toBeNull();
      expect(await c.state()).toBe("ExpectEncryptedExtensions");
      await c.eof();
      expect(await c.error()).toMatchObject({ code: E.PeerClosed, result: 6 });
    }
  });

  it("a truncated server flight followed by end of stream fails", async () => {
    for (const cut of [3, 50, 200, 400]) {
      const { c, s, ch } = await flights();
      await s.feed(ch);
      const flight = await s.output();
      await c.feed(flight.subarray(0, cut));
      await c.eof();
      expect(await c.error()).toMatchObject({ code: E.PeerClosed, result: 6 });
    }
  });

  it("application records that are altered, replayed or dropped fail with bad_record_mac and release nothing", async () => {
    for (const mode of ["flip", "replay", "drop"]) {
      const c = await client();
      const s = await server();
      await pump(c, s);
      await c.write(new TextEncoder().encode("one"));
      const r1 = await c.output();
      await c.write(new TextEncoder().encode("two"));
      const r2 = await c.output();
      let feedBytes: Uint8Array;
      if (mode === "flip") {
        feedBytes = r1.slice();
        feedBytes[8] ^= 1;
      } else if (mode === "replay") {
        await s.feed(r1);
        expect(Buffer.from(await s.read()).toString()).toBe("one");
        feedBytes = r1;
      } else {
        feedBytes = r2;
      }
      await s.feed(feedBytes);
      expect(await s.error()).toMatchObject({ code: E.BadRecordMac, alert: ALERT.bad_record_mac, result: 6 });
      expect((await s.read()).length).toBe(0);
      // The alert goes out encrypted; the client understands it.
      await c.feed(await s.output());
      expect(await c.error()).toMatchObject({ code: E.PeerAlert, alert: ALERT.bad_record_mac, result: 6 });
    }
  });
});
