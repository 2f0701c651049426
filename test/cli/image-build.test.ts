// `make image` cannot hand over a stale or garbage image: in a copy of the build tree (so this
// checkout's build/migtd.bin is never touched), a new POLICY / ROOT_CA older than the image still
// rebuilds it (RTMR2 changes), the same inputs again do nothing, and garbage inputs fail with exit
// 2 naming the file before any image is written.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { REPO } from "./run.ts";
import { FIRMWARE_SOURCES } from "../helpers/firmware-tree.ts";

const ENGINE = join(REPO, "build", "native", "m", "core", "engine.o");
const CORE = join(REPO, "build", "migtd-core.wasm");
const COPY = FIRMWARE_SOURCES;
const ready = existsSync(ENGINE) && existsSync(CORE);
const base = mkdtempSync(join(tmpdir(), "migtd-image-"));
const tree = join(base, "tree");
afterAll(() => rmSync(base, { recursive: true, force: true }));

function make(vars: string[]) {
  const r = spawnSync("make", ["-s", "-C", tree, "build/migtd.bin", `FW_ENGINE=${ENGINE}`, ...vars], {
    encoding: "utf8", timeout: 240_000, env: { ...process.env, MIGTD_SKIP_DEPS: "1", MIGTD_CORE: CORE },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const field = (out: string, name: string) => new RegExp(`^${name}\\s+(\\S+)`, "m").exec(out)?.[1];
const old = (p: string) => { utimesSync(p, new Date("2001-01-01"), new Date("2001-01-01")); return p; };

(ready ? describeShared : describe.skip)("make image: rebuilt on any input change, inputs validated first", () => {
  it("POLICY=A, then POLICY=B ROOT_CA=C (both older than the image) rebuilds; garbage fails with exit 2", () => {
    for (const p of COPY) cpSync(join(REPO, p), join(tree, p), { recursive: true, preserveTimestamps: true });
    symlinkSync(join(REPO, "node_modules"), join(tree, "node_modules"));
    const a = join(base, "A.json");
    writeFileSync(a, readFileSync(join(REPO, "config", "policy.json")));
    old(a);
    const b = join(base, "B.json");
    writeFileSync(b, readFileSync(join(REPO, "test", "fixtures", "policy", "minimal.json")));
    old(b);
    const c = join(base, "C.der");
    writeFileSync(c, readFileSync(sharedPath("testdata", "certs", "Intel_SGX_RootCA_preproduction_sbx.der")));
    old(c);

    const first = make([`POLICY=${a}`]);
    expect(first.code, first.err).toBe(0);
    for (const k of ["policy", "root CA", "MRTD", "RTMR2", "SERVTD_HASH_INFO", "written"]) expect(first.out).toMatch(new RegExp(`^${k}\\s`, "m"));
    expect(first.out).toContain("5F0A6C1E-8B7D-4A52-9C3E-21D4B6F07A93");
    const image = join(tree, "build", "migtd.bin");
    const hashHex = readFileSync(join(tree, "build", "migtd.servtd_info_hash"), "utf8").trim();
    expect(hashHex).toBe(field(first.out, "SERVTD_HASH_INFO"));
    expect(readFileSync(`${image}.servtd_info_hash`, "utf8").trim()).toBe(hashHex);

    const second = make([`POLICY=${b}`, `ROOT_CA=${c}`]);
    expect(second.code, second.err).toBe(0);
    expect(field(second.out, "RTMR2")).not.toBe(field(first.out, "RTMR2"));
    expect(second.out).toContain("9D50F353-27B6-44FE-9EF4-2969F9533969");
    // The image on disk is the new one: `migtd hash` agrees with the summary.
    const hashed = execFileSync(process.execPath, [join(REPO, "scripts", "bin", "migtd.mjs"), "hash", "--image", image, "--verbose"], { encoding: "utf8" });
    expect(field(hashed, "RTMR2")).toBe(field(second.out, "RTMR2"));

    // Same inputs: nothing to do. An edited input (same name, old time): rebuilt.
    expect(make([`POLICY=${b}`, `ROOT_CA=${c}`]).out).not.toMatch(/RTMR2/);
    writeFileSync(b, readFileSync(b, "utf8").replace("9D50F353-27B6-44FE-9EF4-2969F9533969", "9D50F353-27B6-44FE-9EF4-2969F9533970"));
    old(b);
    expect(field(make([`POLICY=${b}`, `ROOT_CA=${c}`]).out, "RTMR2")).not.toBe(field(second.out, "RTMR2"));

    // Garbage: exit 2 naming the file, the image untouched.
    const before = { bytes: readFileSync(image), mtime: statSync(image).mtimeMs };
    const g = join(base, "garbage.json");
    writeFileSync(g, "{garbage");
    const bad = make([`POLICY=${g}`]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`policy '${g}'`);
    const chain = join(base, "chain.pem");
    const pem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
    writeFileSync(chain, pem(readFileSync(c)) + pem(readFileSync(sharedPath("testdata", "certs", "Intel_SGX_RootCA_production.der"))));
    const badCa = make([`ROOT_CA=${chain}`]);
    expect(badCa.code).toBe(2);
    expect(badCa.err).toContain(`root CA '${chain}'`);
    const twoDer = join(base, "two.der");
    writeFileSync(twoDer, Buffer.concat([readFileSync(c), readFileSync(c)]));
    expect(make([`ROOT_CA=${twoDer}`]).code).toBe(2);
    expect(readFileSync(image).equals(before.bytes)).toBe(true);
    expect(statSync(image).mtimeMs).toBe(before.mtime);
  }, 300_000);
});
