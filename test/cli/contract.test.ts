// The `migtd` contract every command keeps, run as a user would (child processes of the compiled
// CLI): one exit-code rule (0 ok, 1 rejected, 2 usage/input error) for each command, one versioned
// --json envelope (config/cli-envelope.schema.json, checked with ajv), errors that name the file
// and the field, group help, --version, quick start-up, and no crash on a closed pipe.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { BIN, buildCli, envelopeOf, migtd, REPO } from "./run.ts";
import { COMMANDS } from "../../scripts/cli/registry.ts";

const tmp = mkdtempSync(join(tmpdir(), "migtd-cli-"));
const file = (name: string, data: string | Buffer) => {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
};
const AT = "2025-07-19T10:00:34Z";

beforeAll(() => buildCli());

// Runs with --json, checks the envelope against the schema, the exit code against `exit` and the
// envelope's own exit field; returns the envelope.
function expectJson(args: string[], exit: 0 | 1 | 2) {
  const r = migtd([...args, "--json"]);
  const env = envelopeOf(r);
  expect(r.code, `${args.join(" ")}\n${r.err}`).toBe(exit);
  expect(env.exit).toBe(exit);
  expect(env.command).toBe(COMMANDS.find((c) => args.join(" ").startsWith(c.name))?.name ?? args.join(" "));
  expect(r.err).not.toMatch(/ENOENT|at .*\.m?[jt]s:\d+|TypeError|SyntaxError/);
  return env;
}

describe("migtd: help, version, start-up", () => {
  it("--help lists every command and states the exit-code rule; every command's --help states it too", () => {
    const top = migtd(["--help"]);
    expect(top.code).toBe(0);
    for (const c of COMMANDS) expect(top.out).toContain(c.name);
    expect(top.out).toMatch(/0 +ok \/ accepted[\s\S]*1 +rejected[\s\S]*2 +usage or input error/);
    for (const c of COMMANDS) {
      const r = migtd([...c.name.split(" "), "--help"]);
      expect(r.code, c.name).toBe(0);
      expect(r.out).toMatch(new RegExp(`usage: migtd ${c.name}`));
      expect(r.out).toMatch(/exit status \(every command\)/);
    }
  });

  it("group help: 'migtd policy --help' lists the policy commands (0); 'migtd policy' alone is a usage error (2)", () => {
    const r = migtd(["policy", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("policy check");
    expect(r.out).toContain("policy eval");
    expect(r.out).not.toContain("quote verify");
    expect(migtd(["policy"]).code).toBe(2);
    const bad = migtd(["policy", "frob"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown command 'policy frob'/);
  });

  it("--version names the package version and the core build id (sha256 of migtd-core.wasm)", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    const r = migtd(["--version"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`migtd ${pkg.version}`);
    const env = envelopeOf(migtd(["--version", "--json"]));
    expect(env.result.version).toBe(pkg.version);
    if (existsSync(join(REPO, "build", "migtd-core.wasm"))) expect(env.result.core.id).toMatch(/^sha256:[0-9a-f]{12}$/);
  });

  it("--help runs the compiled CLI (no TypeScript start-up): exit 0, nothing on stderr", () => {
    // Start-up time itself is measured by make bench (test/bench/cli.bench.ts), never asserted.
    const r = spawnSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(""); // the fallback through tsx prints a note here
  });

  it("an unknown command or option is exit 2 with an envelope under --json", () => {
    const env = expectJson(["frobnicate"], 2);
    expect(env.error.code).toBe("UsageError");
    expect(expectJson(["report", "--frob", "x"], 2).error.code).toBe("UsageError");
  });
});

describeShared("migtd: exit codes and envelopes, command by command", () => {
  const t = (...p: string[]) => sharedPath("testdata", ...p);
  const quote = t("quotes", "phala_tdx_v4_b0c06f_uptodate.quote");
  const pol = (n: string) => t("migtd_policy", "current_v1", "test", n);

  it("quote verify: 0 verified, 1 untrusted root, 2 truncated quote / missing file / PEM root", () => {
    const ok = expectJson(["quote", "verify", quote, "--at", AT], 0);
    expect(ok.result.verified).toBe(true);
    const rej = expectJson(["quote", "verify", quote, "--root-ca", t("certs", "Intel_SGX_RootCA_preproduction_sbx.der"), "--at", AT], 1);
    expect(rej.error.code).toBe(rej.result.errorCode);
    expect(rej.error.code).toMatch(/^[A-Z]/);
    const trunc = file("trunc.quote", readFileSync(quote).subarray(0, 300));
    const bad = expectJson(["quote", "verify", trunc, "--at", AT], 2);
    expect(bad.error.code).toBe("QuoteMalformed");
    expect(bad.error.file).toBe(trunc);
    const missing = expectJson(["quote", "verify", join(tmp, "nope.quote")], 2);
    expect(missing.error.file).toBe(join(tmp, "nope.quote"));
    expect(missing.error.message).toMatch(/nope\.quote': no such file/);
    const pem = file("root.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    expect(expectJson(["quote", "verify", quote, "--root-ca", pem, "--at", AT], 2).error.file).toBe(pem);
  });

  it("report: 0 consistent, 1 a hash mismatch, 2 not a TDREPORT", () => {
    const rep = t("tdreport", "intel_dcap_tdreport_tdx10.bin");
    expectJson(["report", rep], 0);
    const bytes = Buffer.from(readFileSync(rep));
    bytes[256 + 20] ^= 1; // inside TEE_TCB_INFO, covered by TEE_TCB_INFO_HASH
    expect(expectJson(["report", file("flipped.tdreport", bytes)], 1).error.code).toBe("ReportHashMismatch");
    expect(expectJson(["report", file("short.tdreport", bytes.subarray(0, 100))], 2).error.code).toBe("ReportMalformed");
  });

  it("eventlog: 0 parsed, 1 RTMRs differ from the quote's, 2 truncated or trailing garbage", () => {
    const log = readFileSync(t("eventlogs", "tdshim_ccel.bin"));
    const ok = expectJson(["eventlog", t("eventlogs", "tdshim_ccel.bin")], 0);
    expect(ok.result.events.length).toBeGreaterThan(0);
    expectJson(["eventlog", t("eventlogs", "tdshim_ccel.bin"), "--quote", quote], 1);
    const cut = file("cut.ccel", log.subarray(0, 300));
    const truncated = expectJson(["eventlog", cut], 2);
    expect(truncated.error.code).toBe("EventLogMalformed");
    expect(truncated.error.file).toBe(cut);
    const end = ok.result.endOffset as number;
    const garbage = Buffer.concat([log.subarray(0, end), Buffer.from("trailing garbage")]);
    expect(expectJson(["eventlog", file("garbage.ccel", garbage)], 2).error.message).toMatch(new RegExp(`offset ${end}`));
    // The fill of a fixed-size log area is not garbage.
    expectJson(["eventlog", file("filled.ccel", Buffer.concat([log.subarray(0, end), Buffer.alloc(4096, 0xff)]))], 0);
  });

  it("policy check: 0 valid, 2 invalid JSON / invalid policy / schema violation, naming file and field", () => {
    expectJson(["policy", "check", join(REPO, "config", "policy.json")], 0);
    const garbage = file("garbage.json", "{garbage");
    const g = expectJson(["policy", "check", garbage], 2);
    expect(g.error.file).toBe(garbage);
    expect(g.error.message).toContain(garbage);
    const inv = expectJson(["policy", "check", pol("policy_009.json")], 2);
    expect(inv.error.field).toBe("policy[0].fmspc");
    const doc = JSON.parse(readFileSync(join(REPO, "config", "policy.json"), "utf8"));
    doc.policy[1].QE.QeIdentity.ISVSNV = doc.policy[1].QE.QeIdentity.ISVSVN;
    const schema = expectJson(["policy", "check", file("typo.json", JSON.stringify(doc))], 2);
    expect(schema.error.code).toBe("SchemaViolation");
    expect(schema.error.field).toBe("/policy/1/QE/QeIdentity");
  });

  it("policy eval: 0 accepted, 1 rejected, 2 invalid policy (the same code as policy check)", () => {
    const base = ["policy", "eval", "--local", pol("report.dat"), "--peer", pol("report.dat"), "--policy"];
    expectJson([...base, pol("policy_full1.json")], 0);
    expect(expectJson([...base, pol("policy_007.json")], 1).error.code).toBe("UnqualifiedPlatformInfo"); // the verdict's own error name
    const inv = expectJson([...base, pol("policy_009.json")], 2);
    expect(inv.error.field).toBe("policy[0].fmspc");
    expectJson([...base, file("garbage2.json", "{garbage")], 2);
  });

  it("hash: 0 for an image, 2 for a file that is not one and for a bad manifest field", () => {
    const image = join(REPO, "build", "migtd.bin");
    if (existsSync(image)) expect(expectJson(["hash", "--image", image], 0).result.servtdHashInfo).toMatch(/^[0-9a-f]{96}$/);
    const notImage = expectJson(["hash", "--image", join(REPO, "config", "policy.json")], 2);
    expect(notImage.error.file).toBe(join(REPO, "config", "policy.json"));
    const manifest = file("manifest.json", JSON.stringify({ xfam: "e71a06" }));
    const m = expectJson(["hash", "--image", image, "--servtd-info", manifest], 2);
    if (existsSync(image)) expect(m.error.field).toBe("xfam");
  });

  it("image: 2 for a garbage policy or a PEM root CA, before building anything", () => {
    const out = join(tmp, "never.bin");
    const g = expectJson(["image", "--policy", file("g.json", "{garbage"), "-o", out], 2);
    expect(g.error.file).toBe(join(tmp, "g.json"));
    const pem = expectJson(["image", "--root-ca", file("chain.pem", "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nB\n-----END CERTIFICATE-----\n"), "-o", out], 2);
    expect(pem.error.message).toMatch(/PEM with 2 certificates/);
    expect(existsSync(out)).toBe(false);
  });

  it("qemu: 0 when printing, 2 on usage errors; simulate: 0 a scenario passes, 1 one fails, 2 usage errors", () => {
    expect(expectJson(["qemu", "--sim", "/tmp/x.sock"], 0).result.argv[0]).toBe("qemu-system-x86_64");
    expectJson(["qemu"], 2);
    expectJson(["simulate", "--host", "nowhere"], 2);
    expectJson(["simulate", "--scenarios", "--scenario", join(tmp, "none.json")], 2);
    expect(expectJson(["simulate", "--policy", "v3"], 2).error.message).toMatch(/v1 or v2/);
    // v2 runs on every host (qemu: V2 images), within that host's limits.
    expect(expectJson(["simulate", "--policy", "v2", "--host", "qemu", "--sessions", "2"], 2).error.message).toMatch(/one session/);
    expectJson(["simulate", "--scenarios", "--policy", "v2"], 2);
    expect(expectJson(["simulate", "--rebind", "--scenarios"], 2).error.message).toMatch(/separate runs/);
    if (existsSync(join(REPO, "build", "migtd-core-raw.wasm"))) {
      expect(expectJson(["simulate", "--rebind", "--host", "node"], 0).result).toMatchObject({ ok: true, oldStatus: 0, newStatus: 0, rebind: { ok: true } });
    }
    if (!existsSync(join(REPO, "build", "migtd-core.wasm"))) return;
    const basic = join(REPO, "test", "scenarios", "vmm-basic.json");
    expect(expectJson(["simulate", "--scenarios", "--host", "node", "--scenario", basic], 0).result[0].ok).toBe(true);
    // The same scenario expecting another status for its first request: the run says it failed.
    const doc = JSON.parse(readFileSync(basic, "utf8"));
    doc.steps[0].expect.status = 0;
    expect(expectJson(["simulate", "--scenarios", "--host", "node", "--scenario", file("wrong.json", JSON.stringify(doc))], 1).error.code).toBe("ScenarioFailed");
  });

  it("a closed pipe does not crash: 'quote verify | head -1' and '| true' keep the command's exit status", () => {
    for (const reader of ["head -1", "true"]) {
      for (const json of ["", " --json"]) {
        const r = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" quote verify "${quote}" --at ${AT}${json} | ${reader}; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: "utf8", timeout: 60_000 });
        expect(r.stderr, reader + json).toMatch(/status 0\s*$/);
        expect(r.stderr).not.toMatch(/EPIPE|Error/);
      }
    }
    const big = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" eventlog "${t("eventlogs", "tdshim_ccel.bin")}" --json | head -c 10 >/dev/null; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: "utf8", timeout: 60_000 });
    expect(big.stderr).toMatch(/status 0\s*$/);
  });
});
