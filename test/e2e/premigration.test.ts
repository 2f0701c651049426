// Full pre-migrations between two MigTDs on the simulator (migtd.md §2): the happy path on both
// hosts, 12 at once, and the negative matrix — every failure with its result code and no key
// written into either user TD (the matrix is shared with the RAW interface: negative-matrix.ts).
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runPreMigration } from "../../scripts/sim/pair.ts";
import { ART, ENGINE } from "../helpers/artefacts.ts";
import { missingArtefacts } from "../../scripts/host/artefacts.ts";
import { explain, negativeMatrix } from "./negative-matrix.ts";

// The native host runs the build of the engine MIGTD_ENGINE selects (skipped, saying so, when that
// build is absent: test/helpers/artefacts.ts).
const nativeMissing = missingArtefacts("native", ART);
if (nativeMissing) process.stderr.write(`${nativeMissing}\n`);
const hosts: ("node" | "native")[] = nativeMissing ? ["node"] : ["node", "native"];

describe.each(hosts)(`pre-migration between two MigTDs (%s host, ${ENGINE})`, (host) => {
  it("the native runtime is built", () => {
    if (host === "native") expect(existsSync(ART.linux), `run 'make native ${ART.make}'`).toBe(true);
  });

  it("completes: both report Success and each MIG_DEC_KEY is the peer's MIG_ENC_KEY", async () => {
    const r = await runPreMigration({ host, timeoutMs: 30_000 });
    expect(r.ok, explain(r)).toBe(true);
    expect(r.sessions[0].version).toBe(1n);
  });

  it("runs 12 pre-migrations at once (Intel's concurrency cap), all succeeding", async () => {
    const r = await runPreMigration({ host, sessions: 12, timeoutMs: 90_000 });
    expect(r.sessions.filter((s) => !(s.sourceStatus === 0 && s.destinationStatus === 0 && s.keysMatch)), explain(r)).toEqual([]);
  }, 180_000);
});

describe("pre-migration negative matrix (Node host)", () => {
  negativeMatrix("service", [5, 6]);
});
