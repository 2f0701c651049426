// The V2 pre-session exchange (spec migtd.md §2.3) between two engines of the core, in one
// process with a relay that can alter any message in flight (STYLE.md #17), and the policy-hash
// extension that binds the exchanged blob into the RA-TLS certificate (§2.4, §2.5 V2 step 1).
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { sharedCore } from "../../scripts/host/library.ts";
import { pumpPresession } from "../helpers/presession.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const core = () => sharedCore();
const T0 = 1_000_000n;

interface Status { state: string; code: number; error: string; expired: boolean; peerPolicyLen: number; peerChainLen: number; ownPolicyHash: string; leftover: number }
const status = (h: number, now = T0) => core().callJson<Status>("presession_status", h, now);
const create = (policy: string, chain: string): number =>
  core().callJson<{ handle: number }>("presession_new", enc(policy), enc(chain), T0).handle;

const header = (type: number, len: number) => {
  const h = new Uint8Array(8);
  h[0] = type;
  new DataView(h.buffer).setUint32(4, len, true);
  return h;
};
const msg = (type: number, payload: Uint8Array) => new Uint8Array([...header(type, payload.length), ...payload]);
const blob = (policy: Uint8Array, chain: Uint8Array, policyLen = policy.length, chainLen = chain.length) => {
  const out = new Uint8Array(8 + policy.length + chain.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, policyLen, true);
  out.set(policy, 4);
  dv.setUint32(4 + policy.length, chainLen, true);
  out.set(chain, 8 + policy.length);
  return out;
};

describe("V2 pre-session exchange", () => {
  it("HELLO, PRE_SESSION_DATA, START_SESSION: each side ends with the other's policy and chain (§2.3)", () => {
    const a = create('{"policyData":"A"}', "CHAIN-A");
    const b = create('{"policyData":"B-longer"}', "CHAIN-BB");
    pumpPresession(a, b);
    const sa = status(a);
    const sb = status(b);
    expect(sa).toMatchObject({ state: "Done", code: 0, peerPolicyLen: '{"policyData":"B-longer"}'.length, peerChainLen: 8 });
    expect(sb).toMatchObject({ state: "Done", code: 0, peerPolicyLen: '{"policyData":"A"}'.length, peerChainLen: 7 });
    // The hash our certificate carries is SHA-384 of our own blob.
    const own = createHash("sha384").update(blob(enc('{"policyData":"A"}'), enc("CHAIN-A"))).digest("hex");
    expect(sa.ownPolicyHash).toBe(own);
  });

  it("bytes after the peer's START_SESSION are handed on as the start of the TLS stream", () => {
    const a = create("P", "C");
    const b = create("Q", "D");
    pumpPresession(a, b, (from, m) => (from === "b" && m[0] === 2 ? new Uint8Array([...m, 0x16, 0x03, 0x03]) : m));
    expect(status(a)).toMatchObject({ state: "Done", leftover: 3 });
  });

  it("times out after 60 s without the peer (§2.10)", () => {
    const a = create("P", "C");
    expect(status(a, T0 + 60_000n).expired).toBe(false);
    expect(status(a, T0 + 60_001n).expired).toBe(true);
  });

  // Malformed messages at each step: the receiver fails with PreSessionMalformed (code 6) and a
  // reason; nothing later is sent.
  const hello = msg(0xff, new Uint8Array([0x4d, 0x47, 0x54, 0x44, 0x00, 0x01, 0x00, 0x01]));
  const cases: { name: string; replace: (m: Uint8Array) => Uint8Array | null; step: number; error: RegExp }[] = [
    { name: "HELLO with another type", step: 0xff, replace: (m) => new Uint8Array([1, ...m.subarray(1)]), error: /type 1, expected 255/ },
    { name: "HELLO with a wrong magic", step: 0xff, replace: () => msg(0xff, enc("MGTX\x00\x01\x00\x01")), error: /magic/ },
    { name: "HELLO of 9 bytes", step: 0xff, replace: () => msg(0xff, new Uint8Array(9)), error: /HELLO length 9/ },
    { name: "HELLO with non-zero reserved bytes", step: 0xff, replace: (m) => { const c = Uint8Array.from(m); c[2] = 1; return c; }, error: /reserved/ },
    { name: "HELLO offering only version 2.0", step: 0xff, replace: () => msg(0xff, new Uint8Array([0x4d, 0x47, 0x54, 0x44, 0x00, 0x02, 0x00, 0x02])), error: /no common pre-session version/ },
    { name: "PRE_SESSION_DATA sent as START_SESSION", step: 1, replace: () => msg(2, new Uint8Array(0)), error: /type 2, expected 1/ },
    { name: "PRE_SESSION_DATA with an empty policy", step: 1, replace: () => msg(1, blob(new Uint8Array(0), enc("C"))), error: /empty policy/ },
    { name: "PRE_SESSION_DATA with an empty chain", step: 1, replace: () => msg(1, blob(enc("P"), new Uint8Array(0))), error: /empty issuer chain/ },
    { name: "PRE_SESSION_DATA whose policy length overruns", step: 1, replace: () => msg(1, blob(enc("P"), enc("C"), 99)), error: /policy length 99 exceeds/ },
    { name: "PRE_SESSION_DATA with bytes past the chain", step: 1, replace: () => msg(1, blob(enc("P"), enc("CC"), 1, 1)), error: /chain length 1 does not match/ },
    { name: "PRE_SESSION_DATA claiming 4 GiB", step: 1, replace: () => header(1, 0xffffffff), error: /exceeds/ },
    { name: "START_SESSION with a payload", step: 2, replace: () => msg(2, new Uint8Array(1)), error: /START_SESSION length 1/ },
    { name: "HELLO again instead of START_SESSION", step: 2, replace: () => hello, error: /type 255, expected 2/ },
  ];
  for (const c of cases) {
    it(`rejects ${c.name}: code 6, the reason named`, () => {
      const a = create("POLICY-A", "CHAIN-A");
      const b = create("POLICY-B", "CHAIN-B");
      pumpPresession(a, b, (from, m) => (from === "b" && m[0] === c.step ? c.replace(m)! : m));
      const s = status(a);
      expect(s.state).toBe("Failed");
      expect(s.code).toBe(6);
      expect(s.error).toMatch(c.error);
      // Once failed, the engine says nothing more.
      expect(core().callBytes("presession_take", a).length).toBe(0);
    });
  }
});

describe("policy-hash extension (§2.4, §2.5 V2 step 1)", () => {
  const quote = new Uint8Array(64).fill(7);
  const log = new Uint8Array(80).fill(1);

  it("our certificate carries SHA-384 of our blob, and the peer's check accepts it", () => {
    const a = create("POLICY-A", "CHAIN-A");
    const b = create("POLICY-B", "CHAIN-B");
    pumpPresession(a, b);
    const certB = core().callBytes("presession_own_cert", b, quote, log);
    expect(certB.length).toBeGreaterThan(100);
    expect(core().callJson<{ code: number }>("presession_check_peer_cert", a, certB).code).toBe(0);
  });

  it("a certificate bound to another blob is PolicyHashMismatch, code 9", () => {
    const a = create("POLICY-A", "CHAIN-A");
    const b = create("POLICY-B", "CHAIN-B");
    const c = create("POLICY-C", "CHAIN-B");
    pumpPresession(a, b);
    const certC = core().callBytes("presession_own_cert", c, quote, log);
    const r = core().callJson<{ code: number; error: string }>("presession_check_peer_cert", a, certC);
    expect(r.code).toBe(9);
    expect(r.error).toMatch(/policy-hash extension is not SHA-384/);
  });
});
