// `migtd inspect`: the local web page that verifies and explains quotes, event logs, TDREPORTs,
// policies and RA-TLS certificates with the MigTD's own Wasm core (scripts/inspect/, docs/inspect.md).
// Either serves the page on 127.0.0.1 at a free port until interrupted, or writes it as static
// files (--out) to open from disk. Self-contained: it only needs the Command interface.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { EXIT_OK, UsageError, type Command } from "../command.ts";

const usage = `usage: migtd inspect [files...] [--out <dir>] [--no-open] [--port <n>]

Opens a local page that verifies and explains, with the MigTD core (build/migtd-core.wasm) running
in the browser: quotes (+ collateral, + time), CCEL event logs (+ quote), TDREPORTs, v1 policies
with two verified reports, and RA-TLS certificates. Files given here are opened in the page, each
routed by its content. Nothing is uploaded: the page makes no network requests.

  --out <dir>   write the page as static files to <dir> (open <dir>/index.html) and exit
  --no-open     serve without starting a browser (never started when $CI is set)
  --port <n>    serve on this port (default: a free one)

The server listens on 127.0.0.1 only and runs until interrupted (Ctrl+C).`;

function openBrowser(url: string): void {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const child = spawn(opener, [url], { detached: true, stdio: "ignore" });
    child.on("error", () => console.log(`(could not start a browser: open ${url} yourself)`));
    child.unref();
  } catch {
    console.log(`(could not start a browser: open ${url} yourself)`);
  }
}

export const command: Command = {
  name: "inspect",
  summary: "local web page that verifies and explains quotes, event logs and policies",
  usage,
  async run(args) {
    const files: string[] = [];
    let out: string | undefined;
    let port = 0;
    let open = true;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === "--out" || a === "--port") {
        if (i + 1 >= args.length) throw new UsageError(`${a} needs a value`);
        const v = args[++i];
        if (a === "--out") out = v;
        else {
          port = Number(v);
          if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port expects a port number, got '${v}'`);
        }
      } else if (a === "--no-open") open = false;
      else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}`);
      else files.push(a);
    }
    for (const f of files) if (!existsSync(f)) throw new UsageError(`cannot read '${f}': no such file`);
    // Loaded here, not at the top: esbuild and Ajv are only needed by this command.
    const { buildInspectPage } = await import("../../inspect/build.ts");
    if (out !== undefined) {
      await buildInspectPage({ outDir: resolve(out), preload: files });
      console.log(`wrote the inspect page to ${resolve(out)}: open ${join(resolve(out), "index.html")} in a browser`);
      return EXIT_OK;
    }
    const { serveDir } = await import("../../inspect/server.ts");
    const dir = mkdtempSync(join(tmpdir(), "migtd-inspect-"));
    await buildInspectPage({ outDir: dir, preload: files });
    const served = await serveDir(dir, port);
    console.log(`migtd inspect: serving ${served.url} (127.0.0.1 only; Ctrl+C to stop)`);
    if (open && !process.env.CI) openBrowser(served.url);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await served.close();
    rmSync(dir, { recursive: true, force: true });
    return EXIT_OK;
  },
};
