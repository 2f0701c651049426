// The verification caches (assembly/attest/caches.ts: ECDSA memo, parsed collateral, verified
// platforms) change cost, never results: real quotes with their collateral, simulated ones with
// every collateral fault, and mutations of quote, collateral, CRLs and judgement time give
// byte-identical results (error, error code, result code, TCB report) with the caches off and
// with caches warmed by the genuine inputs. An entry ends at its own dates: judged past the TCB
// info's nextUpdate, a warm cache gives what no cache gives, and the entry is gone. Bounded.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { describeShared } from "../helpers/shared.ts";
import { attestLib, T, prodRoot, secs } from "./lib.ts";
import { TdxModule } from "../../scripts/sim/tdx-module.ts";
import { QuoteService } from "../../scripts/sim/quote-service.ts";
import { defaultPckChain, testRootDer } from "../../scripts/sim/pck-chain.ts";
import { COLLATERAL_FAULTS, CollateralFault, buildCollateral, collateralBundleJson } from "../../scripts/sim/collateral.ts";

const runs = Number(process.env.ATTEST_PROPERTY_RUNS ?? 60);
const lib = attestLib();
const verify = (q: Uint8Array, root: Uint8Array, c: Uint8Array, at: bigint) => JSON.stringify(lib.callJson("api_quote_verify", q, root, c, at));
const caches = (on: boolean) => lib.fn("attest_caches_enable")(on ? 1 : 0);
const stat = (which: number) => lib.fn("platform_cache_stat")(which) as number;
const platform = () => ({ hits: stat(0), misses: stat(1), expired: stat(2), size: stat(3) });

// The result without any cache, then with caches warmed by `warm` (the genuine inputs).
function differential(q: Uint8Array, root: Uint8Array, c: Uint8Array, at: bigint, warm: [Uint8Array, Uint8Array, bigint]) {
  caches(false);
  const plain = verify(q, root, c, at);
  caches(true);
  verify(warm[0], root, warm[1], warm[2]);
  return { plain, cached: verify(q, root, c, at) };
}

// [start, end) of the text of a JSON string member `key` (the first one) in `text`.
function stringSpan(text: string, key: string): [number, number] {
  const k = text.indexOf(`"${key}"`);
  if (k < 0) throw new Error(`no member ${key}`);
  const open = text.indexOf('"', text.indexOf(":", k) + 1) + 1;
  let end = open;
  while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
  return [open, end];
}

// Changes one hex or base64 character inside [start, end) at or after `at`, to another one of its
// kind (a flipped CRL byte that still decodes, so the CRL's signature is what fails).
function flipIn(bytes: Buffer, [start, end]: [number, number], at: number): Buffer {
  const out = Buffer.from(bytes);
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let n = 0; n < end - start; n++) {
    const i = start + ((at + n) % (end - start));
    const ch = String.fromCharCode(out[i]);
    const hex = "0123456789abcdef".indexOf(ch.toLowerCase());
    const b = B64.indexOf(ch);
    if (hex >= 0 && /[0-9a-f]/.test(ch)) { out[i] = "0123456789abcdef".charCodeAt((hex + 1 + (at % 15)) % 16); return out; }
    if (b >= 0) { out[i] = B64.charCodeAt((b + 1 + (at % 63)) % 64); return out; }
  }
  return out;
}

describe("the cache class on its own", () => {
  it("holds at most its capacity, serves an entry inside its window and drops it past the end", () => {
    const probe = lib.fn("expiring_cache_probe");
    const r = probe(4, 10) as number;
    expect(r & 0xffff).toBe(4); // ten keys into four slots
    expect((r >> 16) & 1).toBe(1); // the newest, asked for at 15 in [10, 20]
    expect((r >> 17) & 1).toBe(0); // asked for at 21
    expect(r >> 18).toBe(3); // ... and dropped
    expect((lib.fn("platform_cache_capacity")() as number)).toBeGreaterThan(0);
  });
});

describe("simulated platform: every collateral fault, the caches warm with clean collateral", () => {
  const ISSUED = new Date(Date.UTC(2031, 2, 1));
  const AT = BigInt(ISSUED.getTime() / 1000);
  let quote: Uint8Array;
  let qs: QuoteService;
  let tdx: TdxModule;
  const root = Buffer.from(testRootDer());
  const bundle = (fault?: CollateralFault) => {
    const q = qs.qeReport();
    const v = new DataView(q.buffer, q.byteOffset);
    const p = buildCollateral({
      chain: defaultPckChain(), teeTcbSvn: tdx.teeTcbSvn, issuedAt: ISSUED, fault,
      qe: { mrSigner: q.subarray(128, 160), isvProdId: v.getUint16(256, true), isvSvn: v.getUint16(258, true), miscSelect: v.getUint32(16, true), attributes: q.subarray(48, 64) },
    });
    return Buffer.from(collateralBundleJson(p, "00806F050000"));
  };
  let clean: Buffer;
  beforeAll(() => {
    tdx = new TdxModule();
    qs = new QuoteService(tdx);
    quote = qs.quote(tdx.buildReport(new Uint8Array(64).fill(7)))!;
    clean = bundle();
  });

  it("a clean verification is stored once, and the repeat is served from the cache with the same result", () => {
    caches(false);
    const plain = verify(quote, root, clean, AT);
    expect(JSON.parse(plain).error).toBeNull();
    caches(true);
    expect(verify(quote, root, clean, AT)).toBe(plain);
    expect(platform()).toMatchObject({ hits: 0, misses: 1, size: 1 });
    expect(verify(quote, root, clean, AT + 86400n)).toBe(plain); // a day later, inside the window
    expect(platform()).toMatchObject({ hits: 1, misses: 1, size: 1 });
  });

  it("collateral pushed out of the parse cache and parsed again is a new platform entry with the same result", () => {
    caches(false);
    const plain = verify(quote, root, clean, AT);
    caches(true);
    expect(verify(quote, root, clean, AT)).toBe(plain);
    // The same document with trailing spaces is other bytes: eight of them evict the first parse.
    for (let i = 1; i <= 8; i++) expect(verify(quote, root, Buffer.concat([clean, Buffer.alloc(i, 0x20)]), AT)).toBe(plain);
    const before = platform();
    expect(verify(quote, root, clean, AT)).toBe(plain);
    // Parsed anew, the collateral is named anew: a miss (and a new entry), never another's hit.
    expect(platform().misses).toBe(before.misses + 1);
    expect(platform().hits).toBe(before.hits);
    expect(verify(quote, root, clean, AT)).toBe(plain);
    expect(platform().hits).toBe(before.hits + 1);
  });

  it.each(COLLATERAL_FAULTS)("%s: the same result, failure reason included, as without caches", (fault) => {
    const { plain, cached } = differential(quote, root, bundle(fault), AT, [quote, clean, AT]);
    expect(cached).toBe(plain);
  });

  it("past the collateral's nextUpdate (TCB info and CRLs) a warm cache gives the uncached result and drops the entry", () => {
    const next = BigInt(Date.parse(JSON.parse(JSON.parse(clean.toString()).platforms[0].tcbInfo).tcbInfo.nextUpdate) / 1000);
    const { plain, cached } = differential(quote, root, clean, next + 1n, [quote, clean, AT]);
    expect(["CrlExpired", "CollateralExpired"]).toContain(JSON.parse(plain).errorCode);
    expect(cached).toBe(plain);
    expect(platform()).toMatchObject({ expired: 1, size: 0 });
    // Up to and including nextUpdate itself the entry serves.
    const at = differential(quote, root, clean, next, [quote, clean, AT]);
    expect(at.cached).toBe(at.plain);
    expect(platform().hits).toBe(1);
  });

  it("a quote with a flipped byte after a clean one gives the uncached result", () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 255 }), (index, x) => {
      const q = Buffer.from(quote);
      q[index % q.length] ^= x;
      const { plain, cached } = differential(q, root, clean, AT, [quote, clean, AT]);
      expect(cached).toBe(plain);
    }), { numRuns: runs });
  });
});

// Quote, collateral, an instant at which the collateral is current, and its CRL members.
const CASES: [string, string, string, string[]][] = [
  ["quotes/phala_tdx_v4_b0c06f_uptodate.quote", "collateral/phala_tdx_v4_b0c06f_collateral.json", "2025-07-19T10:00:34Z", ["root_ca_crl", "pck_crl"]],
  ["quotes/migtd_azure_tdx_v4_90c06f.quote", "collateral/migtd_collateral_production_fmspc.json", "2025-12-01T00:00:00Z", ["rootCaCrl", "pckCrl"]],
];

describeShared("real quotes: caches off and warm give identical results", () => {
  it.each(CASES)("%s: off, cold, warm and a second platform hit agree", (q, c, at) => {
    const quote = T(q);
    const coll = T(c);
    caches(false);
    const plain = verify(quote, prodRoot(), coll, secs(at));
    caches(true);
    expect(verify(quote, prodRoot(), coll, secs(at))).toBe(plain);
    expect(verify(quote, prodRoot(), coll, secs(at))).toBe(plain);
    expect(platform()).toMatchObject({ hits: 1, misses: 1 });
  });

  it.each(CASES)("%s: mutated quote, collateral, CRLs and instants give the uncached result", (q, c, at, crlKeys) => {
    const quote = T(q);
    const coll = T(c);
    const t = secs(at);
    const text = coll.toString("latin1");
    const spans = crlKeys.map((k) => stringSpan(text, k));
    const mutant = fc.record({
      target: fc.constantFrom("quote", "collateral", "crl", "time"),
      index: fc.nat(),
      x: fc.integer({ min: 1, max: 255 }),
      which: fc.nat(),
      shift: fc.integer({ min: -800 * 86400, max: 800 * 86400 }),
    });
    fc.assert(fc.property(mutant, ({ target, index, x, which, shift }) => {
      let qq: Buffer = Buffer.from(quote);
      let cc: Buffer = Buffer.from(coll);
      let tt = t;
      if (target === "quote") qq[index % qq.length] ^= x;
      else if (target === "collateral") cc[index % cc.length] ^= x;
      else if (target === "crl") cc = flipIn(cc, spans[which % spans.length], index);
      else tt = t + BigInt(shift);
      const { plain, cached } = differential(qq, prodRoot(), cc, tt, [quote, coll, t]);
      expect(cached).toBe(plain);
    }), { numRuns: runs });
  });

  it.each(CASES)("%s: past the collateral's nextUpdate the warm entry is dropped and the result is the uncached one", (q, c, at) => {
    const quote = T(q);
    const coll = T(c);
    caches(true);
    verify(quote, prodRoot(), coll, secs(at));
    expect(platform().size).toBe(1);
    const later = secs(at) + 3n * 365n * 86400n;
    caches(false);
    const plain = verify(quote, prodRoot(), coll, later);
    caches(true);
    verify(quote, prodRoot(), coll, secs(at));
    expect(verify(quote, prodRoot(), coll, later)).toBe(plain);
    expect(JSON.parse(plain).error).not.toBeNull();
    expect(platform()).toMatchObject({ expired: 1, size: 0 });
  });
});
