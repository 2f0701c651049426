// Trap recovery in migtd-linux (docs/abi.md "Trap recovery"): a trapping core is thrown away and
// re-instantiated with the persist area intact; a core that keeps trapping is given up on.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildNative } from "../helpers/native-engine";

const ROOT = resolve(import.meta.dirname, "..", "..");

function run(bin: string) {
  const r = spawnSync(resolve(ROOT, bin), [], { encoding: "utf8", timeout: 30_000 });
  return { code: r.status, log: r.stderr };
}

describe("trap recovery", () => {
  beforeAll(() => {
    buildNative("build/runtime-test/trap_once-linux");
    buildNative("build/runtime-test/trap_always-linux");
  });

  it("re-instantiates a core that trapped; the new instance finds what the old one persisted", () => {
    const { code, log } = run("build/runtime-test/trap_once-linux");
    expect(log).toContain("runtime: core trapped in migtd_run");
    expect(log).toContain("trap: unreachable executed");
    expect(log).toContain("fixture: recovered after a trap");
    expect(code).toBe(7);
    expect(log.match(/core trapped/g)).toHaveLength(1);
  });

  it("gives up with exit status 70 when the core traps 5 times within 10 s", () => {
    const { code, log } = run("build/runtime-test/trap_always-linux");
    expect(code).toBe(70);
    expect(log.match(/core trapped/g)).toHaveLength(5);
    expect(log).toContain("giving up, the core keeps trapping: 5 traps within 10000 ms");
  });
});
