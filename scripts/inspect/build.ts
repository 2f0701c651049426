// Builds the inspect page (scripts/inspect/page/) into a directory of static files that need
// nothing else: index.html, style.css, app.js (the page's TypeScript bundled by esbuild into one
// classic script, so it also runs when opened from disk, where module scripts and fetch() are
// refused) and preload.js (files given on the command line). The MigTD core, Intel's root CA and
// the policy schema validator are compiled into app.js, so the page makes no requests at all.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { defaultCorePath, repoRoot } from "../host/library.ts";
import { intelProductionRoot } from "../cli/commands/attest-common.ts";

const here = dirname(fileURLToPath(import.meta.url));
const pageDir = join(here, "page");

export interface BuildOptions {
  outDir: string;
  corePath?: string; // default $MIGTD_CORE or build/migtd-core.wasm
  preload?: string[]; // files the page opens on start
}

// The policy schema (config/policy.schema.json) compiled to validation code at build time: the
// page then needs no eval (its Content-Security-Policy forbids it), and judges schemas exactly as
// `migtd policy eval` does with the same Ajv options.
function schemaValidatorSource(): string {
  const schema = JSON.parse(readFileSync(join(repoRoot, "config", "policy.schema.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, code: { source: true, esm: true } });
  return standaloneCode(ajv, ajv.compile(schema));
}

function virtualModules(corePath: string): esbuild.Plugin {
  const ajvDir = dirname(createRequire(import.meta.url).resolve("ajv/package.json"));
  return {
    name: "inspect-virtual",
    setup(b) {
      b.onResolve({ filter: /^inspect:/ }, (a) => ({ path: a.path, namespace: "inspect" }));
      b.onLoad({ filter: /.*/, namespace: "inspect" }, (a) => {
        switch (a.path) {
          case "inspect:core-wasm": return { contents: readFileSync(corePath), loader: "binary" };
          case "inspect:intel-root": return { contents: intelProductionRoot(), loader: "binary" };
          case "inspect:policy-schema": return { contents: schemaValidatorSource(), loader: "js", resolveDir: ajvDir };
        }
        return undefined;
      });
    },
  };
}

// preload.js: the command line's files, base64, in the order given.
export function preloadScript(files: string[]): string {
  const items = files.map((f) => ({ name: basename(f), b64: readFileSync(f).toString("base64") }));
  return `window.MIGTD_PRELOAD = ${JSON.stringify(items)};\n`;
}

export async function buildInspectPage(opts: BuildOptions): Promise<void> {
  const corePath = opts.corePath ?? process.env.MIGTD_CORE ?? defaultCorePath;
  if (!existsSync(corePath)) throw new Error(`${corePath} not found: build the core first (make core)`);
  mkdirSync(opts.outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(pageDir, "main.ts")],
    bundle: true,
    format: "iife",
    target: "es2022",
    platform: "browser",
    outfile: join(opts.outDir, "app.js"),
    plugins: [virtualModules(corePath)],
    logLevel: "silent",
    legalComments: "none",
  });
  copyFileSync(join(pageDir, "index.html"), join(opts.outDir, "index.html"));
  copyFileSync(join(pageDir, "style.css"), join(opts.outDir, "style.css"));
  writeFileSync(join(opts.outDir, "preload.js"), preloadScript(opts.preload ?? []));
}
