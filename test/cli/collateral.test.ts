// `migtd collateral bundle` from PCS v4 responses saved as files, and `migtd collateral fetch` from
// a PCCS: a local HTTP server (127.0.0.1) serves the real files of ../shared/testdata/collateral
// at the PCS v4 paths with their issuer-chain headers. The bundle is then used by `quote verify`,
// which must reach the verdict go-tdx-guest reaches on the same data (PROVENANCE.md: "no matching
// TCB level" at 2023-07-01).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeShared, sharedPath } from "../helpers/shared.ts";
import { BIN, buildCli, envelopeOf, migtd } from "./run.ts";

const tmp = mkdtempSync(join(tmpdir(), "migtd-coll-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(() => buildCli());
const g = (f: string) => sharedPath("testdata", "collateral", "google", f);
const QUOTE = () => sharedPath("testdata", "quotes", "google_spr_e4_tdx_v4_50806f.quote");

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "", err = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (err += d));
    p.on("exit", (code) => resolve({ code, out, err }));
  });
}

const bundleArgs = (out: string) => ["collateral", "bundle", "--tcb-info", g("tcbinfo_50806f_v3.json"), "--tcb-info", g("tcbinfo_90c06f_v3.json"),
  "--tcb-info-issuer-chain", g("tcb_signing_chain.pem"), "--qe-identity", g("qe_identity_td_qe.json"),
  "--pck-crl", g("pck_crl_platform.der"), "--pck-crl-issuer-chain", g("pck_crl_issuer_chain.pem"), "--root-ca-crl", g("root_ca_crl.der"), "-o", out];

describeShared("collateral bundle", () => {
  it("builds MigTD's collateral JSON from the saved PCS responses; quote verify reaches the reference verdict with it", () => {
    const out = join(tmp, "bundle.json");
    const r = migtd([...bundleArgs(out), "--json"]);
    expect(r.code, r.err).toBe(0);
    expect(envelopeOf(r).result.platforms).toEqual(["50806F000000", "90C06F000000"]);
    const b = JSON.parse(readFileSync(out, "utf8"));
    expect(b.platforms[0].tcbInfo).toBe(readFileSync(g("tcbinfo_50806f_v3.json"), "utf8").trim()); // signed text kept byte for byte
    expect(b.pckCrl).toMatch(/^-----BEGIN X509 CRL-----/);
    const v = envelopeOf(migtd(["quote", "verify", QUOTE(), "--collateral", out, "--at", "2023-07-01T01:00:00Z", "--json"]));
    expect(v.exit).toBe(1);
    expect(v.error.code).toBe("TcbNoMatchingLevel");
    // Without the collateral the same quote verifies at that time: the verdict comes from the bundle.
    expect(migtd(["quote", "verify", QUOTE(), "--at", "2023-07-01T01:00:00Z"]).code).toBe(0);
  });

  it("a wrong or garbage input is exit 2 naming the file", () => {
    const garbage = join(tmp, "garbage.json");
    writeFileSync(garbage, "{garbage");
    const args = bundleArgs(join(tmp, "x.json"));
    const a = [...args];
    a[a.indexOf(g("qe_identity_td_qe.json"))] = garbage;
    const r = envelopeOf(migtd([...a, "--json"]));
    expect(r.exit).toBe(2);
    expect(r.error.file).toBe(garbage);
    const swapped = [...args];
    swapped[swapped.indexOf(g("tcbinfo_50806f_v3.json"))] = g("qe_identity_td_qe.json");
    const s = envelopeOf(migtd([...swapped, "--json"]));
    expect(s.exit).toBe(2);
    expect(s.error.message).toMatch(/no "tcbInfo" object/);
    expect(migtd(["collateral", "bundle"]).code).toBe(2);
  });
});

describeShared("collateral fetch from a PCCS on 127.0.0.1", () => {
  let server: Server;
  let base = "";
  const hits: string[] = [];
  beforeAll(async () => {
    const chain = (f: string) => encodeURIComponent(readFileSync(g(f), "utf8")); // headers are URL-encoded
    server = createServer((req, res) => {
      const url = new URL(req.url!, "http://x");
      hits.push(url.pathname + url.search);
      const send = (file: string, headers: Record<string, string> = {}) => { const body = readFileSync(g(file)); res.writeHead(200, headers); res.end(body); };
      if (url.pathname === "/tdx/certification/v4/tcb") {
        const f = `tcbinfo_${(url.searchParams.get("fmspc") ?? "").slice(0, 6)}_v3.json`;
        try { return send(f, { "TCB-Info-Issuer-Chain": chain("tcb_signing_chain.pem") }); } catch { res.writeHead(404); return res.end("no such fmspc"); }
      }
      if (url.pathname === "/tdx/certification/v4/qe/identity") return send("qe_identity_td_qe.json", { "SGX-Enclave-Identity-Issuer-Chain": chain("tcb_signing_chain.pem") });
      if (url.pathname === "/sgx/certification/v4/pckcrl") return send("pck_crl_platform.der", { "SGX-PCK-CRL-Issuer-Chain": chain("pck_crl_issuer_chain.pem") });
      if (url.pathname === "/sgx/certification/v4/rootcacrl") { res.writeHead(200); return res.end(readFileSync(g("root_ca_crl.der")).toString("hex")); } // PCCS answers hex
      res.writeHead(404);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("fetches the four responses and writes the same bundle as from the saved files", async () => {
    const out = join(tmp, "fetched.json");
    const r = await cli(["collateral", "fetch", "--pccs", base, "--fmspc", "50806f000000", "--fmspc", "90C06F000000", "-o", out]);
    expect(r.code, r.err).toBe(0);
    expect(hits).toEqual([
      "/tdx/certification/v4/tcb?fmspc=50806f000000", "/tdx/certification/v4/tcb?fmspc=90c06f000000",
      "/tdx/certification/v4/qe/identity", "/sgx/certification/v4/pckcrl?ca=platform&encoding=der", "/sgx/certification/v4/rootcacrl",
    ]);
    const files = join(tmp, "from-files.json");
    expect(migtd(bundleArgs(files)).code).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(JSON.parse(readFileSync(files, "utf8")));
    expect(migtd(["quote", "verify", QUOTE(), "--collateral", out, "--at", "2023-07-01T01:00:00Z"]).code).toBe(1);
  });

  it("an HTTP error or an unreachable PCCS is exit 2 naming the URL", async () => {
    const r = await cli(["collateral", "fetch", "--pccs", base, "--fmspc", "00a06d080000", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.message).toMatch(/fmspc=00a06d080000: HTTP 404/);
    const closed = await cli(["collateral", "fetch", "--pccs", "http://127.0.0.1:1/", "--fmspc", "50806f000000"]);
    expect(closed.code).toBe(2);
    expect(closed.err).toMatch(/127\.0\.0\.1:1/);
  });
});
