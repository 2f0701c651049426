// `migtd inspect`: the local web page that verifies and explains quotes, event logs, TDREPORTs,
// policies and RA-TLS certificates with the MigTD's own Wasm core (scripts/inspect/, docs/inspect.md).
// Either serves the page on 127.0.0.1 at a free port until interrupted, or writes it as static
// files (--out) to open from disk. Self-contained: it only needs the Command interface.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { InputError, ok, UsageError, type Command, type Io } from "../command.ts";
import { ensurePage, writeSite } from "../../inspect/site.ts";
import { serveDir } from "../../inspect/server.ts";

const usage = `usage: migtd inspect [files...] [--out <dir>] [--no-open] [--port <n>]

Opens a local page that verifies and explains, with the MigTD core (build/migtd-core.wasm) running
in the browser: quotes (+ collateral, + time), CCEL event logs (+ quote), TDREPORTs, v1 policies
with two verified reports, signed policies v2 (+ issuer chain) or MigTD images that enroll one
(signer, policySvn, owner fields, chains, collateral dates, ServTD identity and TCB mapping), and
RA-TLS certificates. Files given here are opened in the page, each routed by its content. Nothing is uploaded: the page makes no network requests.

  --out <dir>   write the page as static files to <dir> (open <dir>/index.html) and exit
  --no-open     serve without starting a browser (never started when $CI is set)
  --port <n>    serve on this port (default: a free one)

The server listens on 127.0.0.1 only and runs until interrupted (Ctrl+C).`;

function openBrowser(url: string, io: Io): void {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const child = spawn(opener, [url], { detached: true, stdio: "ignore" });
    child.on("error", () => io.out(`(could not start a browser: open ${url} yourself)`));
    child.unref();
  } catch {
    io.out(`(could not start a browser: open ${url} yourself)`);
  }
}

export const command: Command = {
  name: "inspect",
  usage,
  async run(args, io) {
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
      else if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
      else files.push(a);
    }
    for (const f of files) if (!existsSync(f)) throw new InputError(`file '${f}': no such file`, f);
    let page: string;
    try {
      page = await ensurePage();
    } catch (e) {
      throw new InputError((e as Error).message);
    }
    if (out !== undefined) {
      const dir = resolve(out);
      writeSite(page, dir, files);
      io.out(`wrote the inspect page to ${dir}: open ${join(dir, "index.html")} in a browser`);
      return ok({ out: dir, index: join(dir, "index.html"), files });
    }
    const dir = mkdtempSync(join(tmpdir(), "migtd-inspect-"));
    writeSite(page, dir, files);
    const served = await serveDir(dir, port);
    // Printed even under --json: whoever started the server needs its address while it runs.
    process.stderr.write(`migtd inspect: serving ${served.url} (127.0.0.1 only; Ctrl+C to stop)\n`);
    if (open && !process.env.CI) openBrowser(served.url, io);
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await served.close();
    rmSync(dir, { recursive: true, force: true });
    return ok({ url: served.url, files });
  },
};
