// Security regressions of the pre-migration: cases where a dishonest VMM or peer tries to make a
// MigTD hand out or accept a Migration Session Key without the attestation it requires.
import { describe, expect, it } from "vitest";
import { PairOptions, PairResult, runPreMigration } from "../../scripts/sim/pair.ts";
import { QuoteService, qgsCollateralResponse } from "../../scripts/sim/quote-service.ts";
import type { TdxModule } from "../../scripts/sim/tdx-module.ts";
import { NodeHost } from "../../scripts/host/node-host.ts";
import type { MigtdHost } from "../../scripts/host/host.ts";

function keyBytes(key: bigint[]): Uint8Array {
  const b = new Uint8Array(32);
  const v = new DataView(b.buffer);
  key.forEach((k, i) => v.setBigUint64(8 * i, k, true));
  return b;
}

// Offsets in the core's linear memory where `needle` occurs.
function occurrences(host: MigtdHost, needle: Uint8Array): number[] {
  const mem = new Uint8Array((host as NodeHost).memory().buffer);
  const found: number[] = [];
  for (let i = mem.indexOf(needle[0]); i >= 0 && i + needle.length <= mem.length; i = mem.indexOf(needle[0], i + 1)) {
    let j = 1;
    while (j < needle.length && mem[i + j] === needle[j]) j++;
    if (j === needle.length) found.push(i);
  }
  return found;
}

function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

async function run(opts: Partial<PairOptions>): Promise<PairResult> {
  return runPreMigration({ host: "node", timeoutMs: 15_000, ...opts });
}

// A quote service that ignores the TD report it is given and quotes, with the same REPORTDATA,
// a report made by another TD's module: the VMM passing off another TD's quote as the MigTD's own.
class SubstitutingQuoteService extends QuoteService {
  constructor(private readonly other: TdxModule) { super(other); }
  override quote(report: Uint8Array): Uint8Array | null {
    return super.quote(this.other.buildReport(report.slice(128, 192)));
  }
}

describe("pre-migration security (Node host)", () => {
  it("a VMM handing the MigTD another TD's quote as its own is refused before any key leaves (7)", async () => {
    // The destination is a different MigTD (another MRTD) that the 'self' policy must refuse. If
    // the source accepted the destination's quote as its own, 'self' would compare the peer with
    // itself and the key would be exchanged.
    const r = await run({
      timeoutMs: 5000,
      adjust: (s, d) => {
        d.sim.tdx.mrtd = new Uint8Array(48).fill(0x22);
        s.sim.vmm.quoteService = new SubstitutingQuoteService(d.sim.tdx);
      },
    });
    const o = r.sessions[0];
    expect(o.sourceStatus, explain(r)).toBe(7);
    expect(o.anyKeyWritten, explain(r)).toBe(false);
  });

  it("a quote service that quotes another REPORTDATA than the MigTD's report is caught by that MigTD (7)", async () => {
    const r = await run({ timeoutMs: 5000, adjust: (_s, d) => { d.sim.vmm.quoteService!.reportDataOverride = new Uint8Array(64).fill(0x5a); } });
    expect(r.sessions[0].destinationStatus, explain(r)).toBe(7);
    expect(r.sessions[0].anyKeyWritten, explain(r)).toBe(false);
  });

  // Early exits too: the source stops before the handshake (only its core is inspected then; the
  // destination is still waiting for it) or both stop after the exchange. Each key is looked for
  // whole and as its four 8-byte elements (SERVTD.RD reads it element by element).
  const FIELD_MIG_ENC_KEY = 0x9810_0003_0000_0018n;
  const wipeCases: { name: string; opts: Partial<PairOptions>; ok: boolean; only?: "source" }[] = [
    { name: "a successful session", opts: {}, ok: true },
    { name: "a session the source's policy refuses", opts: { adjust: (_s, d) => { d.sim.tdx.mrtd = new Uint8Array(48).fill(0x22); } }, ok: false },
    { name: "a session cut after the handshake", opts: { tamper: [{ direction: "b->a", action: "disconnect", after: 9000 }] }, ok: false },
    { name: "SERVTD.RD failing at MIG_ENC_KEY element 2", only: "source", ok: false,
      opts: { timeoutMs: 3000, adjust: (s) => { s.sim.tdx.servtdReadFault = { field: FIELD_MIG_ENC_KEY + 2n, status: 0xc000_0100_0000_0000n }; } } },
    { name: "a quote service error", only: "source", ok: false, opts: { timeoutMs: 3000, adjust: (s) => { s.sim.vmm.quoteFaults = [{ kind: "qgs-error", code: 0x12001 }]; } } },
    { name: "a GET_COLLATERAL answer that is a QGS error", only: "source", ok: false,
      opts: { timeoutMs: 3000, adjust: (s) => { s.sim.vmm.quoteService = new (class extends QuoteService { override serve(m: Uint8Array) { return new DataView(m.buffer, m.byteOffset).getUint32(4, true) === 2 ? qgsCollateralResponse(0x12001, null) : super.serve(m); } })(s.sim.tdx); } } },
    { name: "version ranges that do not overlap (after the exchange)", ok: false,
      opts: { adjust: (s, d) => { s.sim.tdx.versions = { ...s.sim.tdx.versions, minExport: 1n, maxExport: 1n }; d.sim.tdx.versions = { ...d.sim.tdx.versions, minImport: 2n, maxImport: 3n }; } } },
  ];
  for (const c of wipeCases) {
    it(`leaves no copy of either Migration Session Key, whole or per 8-byte element, in ${c.only ? "the source" : "either"} core's memory after ${c.name}`, async () => {
      const leftovers: string[] = [];
      let keys: Uint8Array[] = [];
      const r = await run({
        ...c.opts,
        adjust: (s, d) => { c.opts.adjust?.(s, d); keys = [keyBytes(s.tds[0].migEncKey), keyBytes(d.tds[0].migEncKey)]; },
        beforeStop: (src, dst) => {
          const hosts = c.only ? [["source", src] as const] : [["source", src], ["destination", dst]] as const;
          for (const [name, host] of hosts) {
            keys.forEach((k, i) => {
              const at = occurrences(host, k);
              if (at.length) leftovers.push(`${name}: key ${i} at ${at.map((o) => o.toString(16)).join(",")}`);
              for (let e = 0; e < 4; e++) {
                const el = occurrences(host, k.subarray(8 * e, 8 * e + 8));
                if (el.length) leftovers.push(`${name}: key ${i} element ${e} at ${el.map((o) => o.toString(16)).join(",")}`);
              }
            });
          }
        },
      });
      expect(r.ok, explain(r)).toBe(c.ok);
      if (c.only) expect(r.sessions[0].sourceStatus, explain(r)).toBeDefined();
      expect(leftovers).toEqual([]);
    });
  }
});
