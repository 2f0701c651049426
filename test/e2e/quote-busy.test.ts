// A busy quote service must not fail sessions (migtd.md §1.7: "busy" statuses are retried). The
// quote service answers "service unavailable" three times to every quote request; 12 concurrent
// pre-migrations must all succeed, with the core's clock far past 0 (a TD, or a native process,
// is always long past boot when requests arrive; back-off computed from time 0 once made all
// retries due at once there and failed the sessions).
import { describe, expect, it } from "vitest";
import { PairResult, runPreMigration } from "../../scripts/sim/pair.ts";
import { missingArtefacts } from "../../scripts/host/artefacts.ts";
import { ENGINE } from "../helpers/artefacts.ts";

function explain(r: PairResult): string {
  const s = JSON.stringify(r.sessions, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return `${s}\n${r.logs.slice(-40).map((l) => `${l.side.padEnd(11)} ${l.line}`).join("\n")}`;
}

const ROUNDS = Number(process.env.QUOTE_BUSY_ROUNDS ?? 2);

// The native host is the build MIGTD_ENGINE selects; absent (wasm3 without WASM3_SRC), it is left out.
const nativeMissing = missingArtefacts("native");
if (nativeMissing) process.stderr.write(`${nativeMissing}\n`);
const hosts = nativeMissing ? (["node"] as const) : (["node", "native"] as const);

describe.each(hosts)(`a quote service busy 3 times per request (%s host, ${ENGINE})`, (host) => {
  it(`12 concurrent pre-migrations succeed, ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // ~3 years of uptime on the Node host's clock; the native runtime's clock is the machine's.
      const r = await runPreMigration({ host, sessions: 12, quoteBusy: 3, clockOffsetMs: 1e11, timeoutMs: 90_000 });
      const failed = r.sessions.filter((s) => !(s.sourceStatus === 0 && s.destinationStatus === 0 && s.keysMatch));
      expect(failed, explain(r)).toEqual([]);
      // The service did answer busy: every session asked 4 times per side (3 busy answers, 1 quote).
      expect(r.quoteRequests).toBe(12 * 2 * 4);
    }
  }, 300_000);

  it("a quote service that stays busy for several seconds only delays the session", async () => {
    // 8 busy answers: past any fixed retry count (Intel's MigTD gives up after 5), well inside the
    // session's 40 s quote deadline with back-off capped at 1 s.
    const r = await runPreMigration({ host, sessions: 1, quoteBusy: 8, clockOffsetMs: 1e11, timeoutMs: 60_000 });
    expect(r.ok, explain(r)).toBe(true);
    expect(r.quoteRequests).toBe(2 * 9);
  }, 120_000);
});
