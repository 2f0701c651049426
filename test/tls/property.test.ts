// Property tests: whatever bytes arrive, in whatever pieces, the engines never trap (a trap makes
// the Wasm call throw), end either waiting or in a sticky error with result code 6, and release
// application data only after a completed handshake.
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { FLAG_CLIENT, TlsModule, makeIdentity, splitRecords, concat, type TlsHandle } from "./harness";

let m: TlsModule;
let id: number;
let trace: { ch: Uint8Array; f1: Uint8Array; f2: Uint8Array };

beforeAll(async () => {
  m = await TlsModule.load();
  id = await m.identity(await makeIdentity("prop"));
  const c = await m.engine(id, FLAG_CLIENT);
  const s = await m.engine(id, 0);
  const ch = await c.output();
  await s.feed(ch);
  const f1 = await s.output();
  await c.feed(f1);
  trace = { ch, f1, f2: await c.output() };
});

async function consistent(h: TlsHandle): Promise<void> {
  const e = await h.error();
  const done = await h.done();
  if (e) {
    expect(done).toBe(false);
    expect([6, 7, 8, 9]).toContain(e.result);
    expect(await h.state()).toBe("Failed");
  }
  if (!done) expect((await h.read()).length).toBe(0);
  await h.free();
}

// A mutation of a byte string: flip, overwrite, insert, delete, truncate or duplicate a piece.
const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip"), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("set"), at: fc.nat(), v: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert"), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant("delete"), at: fc.nat(), n: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant("truncate"), at: fc.nat() }),
  fc.record({ kind: fc.constant("dup"), at: fc.nat(), n: fc.integer({ min: 1, max: 300 }) }),
);

function mutate(b: Uint8Array, ms: fc.RecordValue<any>[]): Uint8Array {
  let out = Buffer.from(b);
  for (const mu of ms) {
    if (out.length === 0) break;
    const at = mu.at % out.length;
    switch (mu.kind) {
      case "flip": out[at] ^= 1 << mu.bit; break;
      case "set": out[at] = mu.v; break;
      case "insert": out = Buffer.concat([out.subarray(0, at), Buffer.from(mu.bytes), out.subarray(at)]); break;
      case "delete": out = Buffer.concat([out.subarray(0, at), out.subarray(at + mu.n)]); break;
      case "truncate": out = out.subarray(0, at); break;
      case "dup": out = Buffer.concat([out.subarray(0, at + mu.n), out.subarray(at)]); break;
    }
  }
  return new Uint8Array(out);
}

// Feeds `b` in pieces cut at the given points.
async function feedPieces(h: TlsHandle, b: Uint8Array, cuts: number[]): Promise<void> {
  const points = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
  let last = 0;
  for (const p of [...points, b.length]) {
    if (p > last) await h.feed(b.subarray(last, p));
    last = p;
  }
}

describe("engines under arbitrary input", () => {
  it("a fresh server or client fed random bytes never traps", async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 6 }), async (isClient, bytes, cuts) => {
        const h = await m.engine(id, isClient ? FLAG_CLIENT : 0);
        await h.output();
        await feedPieces(h, bytes, cuts);
        await h.eof();
        expect(await h.error()).not.toBeNull();
        await consistent(h);
      }),
      { numRuns: 150 },
    );
  });

  it("random record-shaped input (valid headers, random bodies) never traps", async () => {
    const rec = fc.record({ type: fc.constantFrom(20, 21, 22, 23, 24), body: fc.uint8Array({ maxLength: 600 }) });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(rec, { minLength: 1, maxLength: 6 }), async (isClient, recs) => {
        const h = await m.engine(id, isClient ? FLAG_CLIENT : 0);
        await h.output();
        const bytes = concat(recs.map((r) => new Uint8Array([r.type, 3, 3, r.body.length >> 8, r.body.length & 255, ...r.body])));
        await h.feed(bytes);
        await consistent(h);
      }),
      { numRuns: 150 },
    );
  });

  it("mutated handshake flights never trap and never complete a handshake with a changed peer flight", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 4 }), async (which, ms, cuts) => {
        // Replays the recorded trace into fresh engines, one flight mutated. The engines' own
        // randoms differ from the trace's, so the replay itself fails too; what is checked is
        // robustness on malformed input at every handshake state.
        const s = await m.engine(id, 0);
        const c = await m.engine(id, FLAG_CLIENT);
        await c.output();
        const f = [trace.ch, trace.f1, trace.f2].map((b, i) => (i === which ? mutate(b, ms) : b));
        await feedPieces(s, f[0], cuts);
        await feedPieces(c, f[1], cuts);
        await feedPieces(s, f[2], cuts);
        await c.eof();
        await s.eof();
        expect(await c.done()).toBe(false);
        await consistent(c);
        await consistent(s);
      }),
      { numRuns: 150 },
    );
  });

  it("a live handshake with one record of one flight mutated fails cleanly or, if only ignored bytes changed, completes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 2 }), async (which, recPick, ms) => {
        const c = await m.engine(id, FLAG_CLIENT);
        const s = await m.engine(id, 0);
        const tweak = (b: Uint8Array, i: number) => {
          if (i !== which) return b;
          const recs = splitRecords(b);
          const k = recPick % recs.length;
          recs[k] = mutate(recs[k], ms);
          return concat(recs);
        };
        await s.feed(tweak(await c.output(), 0));
        await c.feed(tweak(await s.output(), 1));
        const f2 = await c.output();
        if (f2.length) await s.feed(tweak(f2, 2));
        await c.feed(await s.output());
        await c.eof();
        await s.eof();
        const both = (await c.done()) && (await s.done());
        if (both) {
          // Only possible when the mutation left the bytes that matter intact.
          expect(await c.error()).toBeNull();
          expect(await s.error()).toBeNull();
        }
        await consistent(c);
        await consistent(s);
      }),
      { numRuns: 100 },
    );
  });
});
