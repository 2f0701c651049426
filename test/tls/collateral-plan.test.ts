// The collateral plan of a quote (assembly/session/collateral_fetch.ts: its PCK certificate's
// FMSPC and PCK CA), computed once per distinct PCK chain and then remembered by the chain's
// bytes: remembered plans must equal freshly computed ones for every real quote, in any order and
// after the memo's entries are replaced, and a quote whose chain differs (here: broken) must not
// be answered from the memo.
import { beforeAll, expect, it } from "vitest";
import { describeShared, readShared } from "../helpers/shared";
import { TlsModule } from "./harness";

describeShared("collateral plan of real quotes, remembered by PCK chain", () => {
  const expected = JSON.parse(readShared("testdata", "EXPECTED.json").toString("utf8")).quotes as Record<string, { fmspc?: string; cert_type?: number; pck_leaf?: { issuer_cn?: string } }>;
  const names = Object.keys(expected).filter((k) => expected[k].cert_type === 5 && expected[k].fmspc);
  const want = (k: string) => {
    const cn = expected[k].pck_leaf!.issuer_cn!;
    return `${expected[k].fmspc!.toUpperCase()} ${cn.includes("Processor") ? "processor" : "platform"}`;
  };
  let m: TlsModule;
  const plan = async (q: Uint8Array) => m.string(await m.withBytes(q, (p) => m.call("collateral_plan", p, q.length)));
  beforeAll(async () => {
    m = await TlsModule.load();
  });

  it("every quote's plan equals its PCK certificate's FMSPC and CA, first time and remembered (more quotes than memo entries)", async () => {
    expect(names.length).toBeGreaterThan(4);
    await m.call("collateral_plan_reset");
    for (const round of [0, 1, 2]) {
      const order = round === 1 ? [...names].reverse() : names;
      for (const k of order) expect(await plan(readShared("testdata", k)), `${k} (round ${round})`).toBe(want(k));
    }
  });

  it("a quote whose PEM chain differs from a remembered one is parsed, not answered from the memo", async () => {
    await m.call("collateral_plan_reset");
    const q = new Uint8Array(readShared("testdata", names[0]));
    expect(await plan(q)).toBe(want(names[0]));
    const at = Buffer.from(q).indexOf("-----BEGIN CERTIFICATE-----");
    expect(at).toBeGreaterThan(0);
    const broken = q.slice();
    broken[at + 5] ^= 0x20; // "-----bEGIN": no certificate starts there
    expect(await plan(broken)).toMatch(/^error: /);
    expect(await plan(q)).toBe(want(names[0]));
  });
});
