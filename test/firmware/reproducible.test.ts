// Same sources -> same migtd.bin, whatever the checkout path or user: the tree is copied to a
// differently named directory and built there by another user (uid 65534 when we are root,
// else with a different HOME/USER), then compared byte for byte with a build here.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./fixture.ts";
import { FIRMWARE_SOURCES } from "../helpers/firmware-tree.ts";

const ENGINE = join(REPO, "build", "native", "m", "core", "engine.o");
const COPY = FIRMWARE_SOURCES;

function build(tree: string, policy: string, asUser?: number): Buffer {
  const out = join(tree, "build", "repro.bin");
  // The engine object (mk/runtime.mk: the wasm2c-compiled core) is taken from this checkout, so
  // the copy need not rebuild the core; everything the firmware build itself does is repeated.
  const args = ["-s", "-C", tree, out.replace(tree + "/", ""), `POLICY=${policy}`, `FW_ENGINE=${ENGINE}`];
  // The image build checks the policy with the core's parser: the core of this checkout too.
  const env = { ...process.env, MIGTD_SKIP_DEPS: "1", MIGTD_CORE: join(REPO, "build", "migtd-core.wasm"), HOME: tree, USER: "someone-else", TZ: "Pacific/Kiritimati", LANG: "C" };
  const cmd = asUser !== undefined ? ["setpriv", `--reuid=${asUser}`, `--regid=${asUser}`, "--clear-groups", "make", ...args] : ["make", ...args];
  execFileSync(cmd[0], cmd.slice(1), { env, stdio: "pipe" });
  return readFileSync(out);
}

describe("reproducible image", () => {
  it("gives identical bytes from another checkout path and another user", () => {
    const base = mkdtempSync(join(tmpdir(), "migtd-repro-"));
    const tree = join(base, "a-different-checkout-name");
    try {
      for (const p of COPY) cpSync(join(REPO, p), join(tree, p), { recursive: true, preserveTimestamps: true });
      symlinkSync(join(REPO, "node_modules"), join(tree, "node_modules"));
      const policy = join(base, "policy.json");
      // A valid policy (the build refuses others) that no other test enrolls.
      writeFileSync(policy, readFileSync(join(REPO, "test", "fixtures", "policy", "minimal.json"), "utf8").replace(/"id": "[^"]*"/, '"id": "0E9A3A52-5B1C-4F0B-9B57-7A3A0C1D2E3F"'));
      // A private rule so neither build touches build/migtd.bin.
      const rule = `\n$(BUILD)/repro.bin: $(BUILD)/migtd.bin\n\tcp $< $@\n`;
      writeFileSync(join(tree, "mk", "shim.mk"), readFileSync(join(tree, "mk", "shim.mk"), "utf8") + rule);
      const root = process.getuid?.() === 0 && spawnSync("setpriv", ["--version"]).status === 0;
      if (root) for (const d of [base, tree]) chmodSync(d, 0o777);
      if (root) execFileSync("chmod", ["-R", "a+rwX", tree]);
      const there = build(tree, policy, root ? 65534 : undefined);
      rmSync(join(tree, "build"), { recursive: true, force: true });
      const again = build(tree, policy);
      expect(there.length).toBe(16 * 1024 * 1024);
      expect(there.equals(again)).toBe(true);
      // And the same bytes as the firmware parts of this checkout give.
      const here = mkdtempSync(join(tmpdir(), "migtd-repro-here-"));
      execFileSync("node_modules/.bin/tsx", ["scripts/image/build.ts", "--reset-vector", "build/fw/resetvector.bin", "--shim", "build/fw/shim.elf",
        "--payload", "build/fw/payload.elf", "--policy", policy, "-o", join(here, "m.bin")], { cwd: REPO, stdio: "pipe" });
      expect(readFileSync(join(here, "m.bin")).equals(there)).toBe(true);
      rmSync(here, { recursive: true, force: true });
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  }, 120_000);
});
