// `migtd inspect` without a browser: --out writes a self-contained page (no code that could make
// a request, the CSP that forbids them, the core compiled in), files given are preloaded, usage
// errors exit 2, and the server stays inside its directory on 127.0.0.1.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./page.ts";
import { serveDir } from "../../scripts/inspect/server.ts";
import { coreWasm } from "../helpers/scenarios.ts";

const work = mkdtempSync(join(tmpdir(), "migtd-inspect-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function migtd(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", timeout: 60_000, env: { ...process.env, CI: "1" } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function get(url: string): Promise<{ status: number; body: string; csp: string | undefined }> {
  return new Promise((ok, fail) => {
    request(url, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => ok({ status: res.statusCode ?? 0, body, csp: res.headers["content-security-policy"] as string | undefined }));
    }).on("error", fail).end();
  });
}

describe("migtd inspect (no browser)", () => {
  it("--out writes index.html, style.css, app.js and preload.js; the page cannot make requests", () => {
    const input = join(work, "some.bin");
    writeFileSync(input, Uint8Array.from([1, 2, 3]));
    const out = join(work, "site");
    const r = migtd("inspect", "--out", out, input);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/index\.html/);
    for (const f of ["index.html", "style.css", "app.js", "preload.js"]) expect(existsSync(join(out, f)), f).toBe(true);
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toMatch(/Content-Security-Policy[^>]*connect-src 'none'/);
    expect(html).not.toMatch(/https?:\/\//);
    const app = readFileSync(join(out, "app.js"), "utf8");
    expect(app).not.toMatch(/\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource/);
    // The core is in the bundle (esbuild's binary loader keeps it as base64).
    const wasmB64 = readFileSync(coreWasm).toString("base64");
    expect(app.includes(wasmB64.slice(0, 2000))).toBe(true);
    expect(readFileSync(join(out, "preload.js"), "utf8")).toContain(JSON.stringify({ name: "some.bin", b64: "AQID" }));
  });

  it("usage errors exit 2 with a message; --help exits 0", () => {
    expect(migtd("inspect", "--bogus").code).toBe(2);
    const missing = migtd("inspect", "--out", join(work, "x"), "/nonexistent/file.quote");
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nonexistent/);
    expect(migtd("inspect", "--port", "99999").code).toBe(2);
    const help = migtd("inspect", "--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/usage: migtd inspect/);
    expect(migtd("--help").out).toMatch(/inspect/);
  });

  it("the server answers on 127.0.0.1 with the CSP header and refuses paths outside its directory", async () => {
    const dir = join(work, "served");
    const r = migtd("inspect", "--out", dir);
    expect(r.code, r.err).toBe(0);
    writeFileSync(join(work, "secret.txt"), "outside");
    const s = await serveDir(dir);
    try {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const index = await get(s.url);
      expect(index.status).toBe(200);
      expect(index.csp).toMatch(/connect-src 'none'/);
      expect((await get(s.url + "..%2fsecret.txt")).status).not.toBe(200);
      expect((await get(s.url + "missing.js")).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});
