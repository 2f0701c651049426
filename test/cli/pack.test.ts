// The CLI as a tool: `npm pack`, then install the tarball into an empty directory with production
// dependencies only (offline: the package has none), and run it from there with nothing of this
// checkout on its path: --help, --version, quote verify, policy eval.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { envelopeOf, migtd, REPO } from "./run.ts";

const dir = mkdtempSync(join(tmpdir(), "migtd-pack-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const core = existsSync(join(REPO, "build", "migtd-core.wasm"));

// The package carries the core: without one (make core) there is nothing to pack.
(core ? describeShared : describe.skip)("npm pack + install into an empty directory", () => {
  it("runs with production dependencies only", () => {
    execFileSync("npm", ["pack", "--pack-destination", dir], { cwd: REPO, stdio: "pipe", timeout: 120_000 });
    const tgz = readdirSync(dir).find((f) => f.endsWith(".tgz"))!;
    const app = join(dir, "app");
    execFileSync("mkdir", ["-p", app]);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true }));
    execFileSync("npm", ["install", "--omit=dev", "--offline", "--no-audit", "--no-fund", join(dir, tgz)], { cwd: app, stdio: "pipe", timeout: 120_000 });
    // Only the package itself: no dependency was installed.
    expect(readdirSync(join(app, "node_modules")).filter((d) => !d.startsWith("."))).toEqual(["migtd-wasm"]);
    const bin = join(app, "node_modules", "migtd-wasm", "scripts", "bin", "migtd.mjs");
    expect(existsSync(join(app, "node_modules", "migtd-wasm", "scripts", "cli"))).toBe(false);
    const env = { PATH: process.env.PATH, HOME: dir };
    const help = migtd(["--help"], { cwd: app, env, bin });
    expect(help.code, help.err).toBe(0);
    expect(help.err).toBe("");
    const v = envelopeOf(migtd(["--version", "--json"], { cwd: app, env, bin }));
    expect(v.result.core.id).toMatch(/^sha256:/);
    const q = migtd(["quote", "verify", sharedPath("testdata", "quotes", "phala_tdx_v4_b0c06f_uptodate.quote"), "--at", "2025-07-19T10:00:34Z", "--json"], { cwd: app, env, bin });
    expect(q.code, q.err).toBe(0);
    expect(envelopeOf(q).result.verified).toBe(true);
    const t = (n: string) => sharedPath("testdata", "migtd_policy", "current_v1", "test", n);
    const e = migtd(["policy", "eval", "--policy", t("policy_full1.json"), "--local", t("report.dat"), "--peer", t("report.dat"), "--json"], { cwd: app, env, bin });
    expect(e.code, e.err).toBe(0);
    expect(envelopeOf(e).result.accepted).toBe(true);
  }, 240_000);
});
