// Property tests: whatever bytes arrive as a policy, a verified report or an event log, the core
// answers with a verdict or an error and never traps (a trap surfaces here as a thrown
// WebAssembly.RuntimeError).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ccel, enc, ev, evaluate, check, jsonCheck, withRtmrs } from "./helpers.ts";

const minimal = readFileSync(join(__dirname, "..", "fixtures", "policy", "minimal.json"));
const ours = readFileSync(join(__dirname, "..", "..", "config", "policy.json"));
const seeds = [new Uint8Array(minimal), new Uint8Array(ours)];
const report = (() => {
  const r = new Uint8Array(822);
  for (let i = 0; i < r.length; i++) r[i] = (i * 7) & 0xff;
  return r;
})();
const goodEvents = [ev.separator(1), ev.separator(2), ev.policy(enc("p")), ev.rootCa(enc("r")), ev.coreSvn(15n)];
const goodLog = ccel(goodEvents);
const goodReport = withRtmrs(report, goodEvents);

function wellFormed(v: ReturnType<typeof evaluate>): void {
  expect(typeof v.accepted).toBe("boolean");
  expect([0, 8, 9]).toContain(v.code);
  expect(v.accepted).toBe(v.code === 0);
  if (!v.accepted) expect(v.message.length).toBeGreaterThan(0);
}

// Byte-level mutations of a seed: overwrite, insert or delete a few bytes.
const mutated = (seedsArb: fc.Arbitrary<Uint8Array>) =>
  fc.tuple(seedsArb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 8 }))
    .map(([seed, edits]) => {
      let b = Array.from(seed);
      for (const [pos, val, kind] of edits) {
        const i = b.length === 0 ? 0 : pos % b.length;
        if (kind === 0) b[i] = val;
        else if (kind === 1) b.splice(i, 0, val);
        else b.splice(i, 1);
      }
      return new Uint8Array(b);
    });

const names = ["fmspc", "pcesvn", "sgxtcbcomponents", "tdxtcbcomponents", "MISCSELECT", "ATTRIBUTES", "MRSIGNER",
  "MRENCLAVE", "ISVPRODID", "ISVSVN", "TDXModuleMajorVersion", "TDXModuleSVN", "MRSEAM", "MRSIGNERSEAM", "XFAM", "MRTD",
  "RTMR0", "RTMR3", "Digest.MigTdPolicy", "Digest.MigTdCoreSvn", "Digest.TdShim", "bogus"];
const ops = ["equal", "greater-or-equal", "subset", "in-range", "in-time-range", "array-equal", "array-greater-or-equal", "nope"];
const refArb = fc.oneof(
  fc.constant("self"), fc.constant("13..18"), fc.constant(".."), fc.string({ unit: fc.constantFrom(..."0123456789ABCDEFa"), maxLength: 96 }),
  fc.nat(), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 48 }),
  fc.constant(-1), fc.constant(null),
);
const propsArb = fc.dictionary(fc.constantFrom(...names), fc.record({ operation: fc.constantFrom(...ops), reference: refArb }), { maxKeys: 5 });
const blockArb = fc.oneof(
  fc.record({ fmspc: fc.constantFrom("self", "30806F000000", "00000000000"), Platform: fc.record({ TcbInfo: propsArb }) }),
  fc.record({ QE: fc.record({ QeIdentity: propsArb }) }),
  fc.record({ TDXModule: fc.record({ TDXModule_Identity: propsArb }) }),
  fc.record({ MigTD: fc.record({ TDINFO: propsArb, EventLog: fc.option(propsArb) }) }),
);
const policyArb = fc.record({ id: fc.constantFrom("9D50F353-27B6-44FE-9EF4-2969F9533969", "bad"), policy: fc.array(blockArb, { maxLength: 6 }) })
  .map((p) => enc(JSON.stringify(p, (_k, v) => (typeof v === "bigint" ? `__${v}__` : v)).replace(/"__(\d+)__"/g, "$1")));

describe("the policy engine never traps", () => {
  it("on random bytes as a policy", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (p) => {
      expect(typeof check(p).valid).toBe("boolean");
      wellFormed(evaluate(p, report, report));
    }), { numRuns: 300 });
  });

  it("on mutated policies", () => {
    fc.assert(fc.property(mutated(fc.constantFrom(...seeds)), (p) => {
      expect(typeof check(p).valid).toBe("boolean");
      wellFormed(evaluate(p, goodReport, goodReport, { localLog: goodLog, peerLog: goodLog }));
    }), { numRuns: 300 });
  });

  it("on generated policies of every shape, operation and reference kind", () => {
    fc.assert(fc.property(policyArb, fc.boolean(), (p, isSrc) => {
      const c = check(p);
      const v = evaluate(p, goodReport, goodReport, { isSrc, localLog: goodLog, peerLog: goodLog });
      wellFormed(v);
      expect(v.code === 9).toBe(!c.valid);
    }), { numRuns: 300 });
  });

  it("on random and mutated reports and event logs", () => {
    const reportArb = fc.oneof(fc.uint8Array({ minLength: 822, maxLength: 822 }), fc.uint8Array({ maxLength: 900 }), mutated(fc.constant(goodReport)));
    const logArb = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated(fc.constant(goodLog)));
    fc.assert(fc.property(fc.constantFrom(...seeds), reportArb, reportArb, logArb, logArb, (p, l, r, ll, pl) => {
      wellFormed(evaluate(p, l, r, { localLog: ll, peerLog: pl }));
    }), { numRuns: 300 });
  });
});

describe("the JSON parser agrees with JSON.parse", () => {
  it("on generated JSON documents", () => {
    fc.assert(fc.property(fc.json({ maxDepth: 6 }), (text) => {
      const r = jsonCheck(text);
      expect(r.ok, r.message).toBe(true);
      expect(JSON.parse(r.canonical!)).toEqual(JSON.parse(text));
    }), { numRuns: 300 });
  });

  it("never accepts what JSON.parse refuses, and never traps", () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.json().map((j) => j.slice(0, -1)), mutated(fc.constant(enc("{\"a\":[1,\"b\",null]}"))).map((b) => new TextDecoder().decode(b))), (text) => {
      const r = jsonCheck(text);
      if (r.ok) expect(JSON.parse(r.canonical!)).toEqual(JSON.parse(text));
    }), { numRuns: 500 });
  });
});
