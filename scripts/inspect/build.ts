// Builds the inspect page (scripts/inspect/page/) into a directory of static files that need
// nothing else: index.html, style.css, app.js (the page's TypeScript bundled by esbuild into one
// classic script, so it also runs when opened from disk, where module scripts and fetch() are
// refused) and preload.js (files given on the command line; site.ts rewrites it per run). The MigTD
// core, Intel's root CA and the policy schema validator are compiled into app.js, so the page makes
// no requests at all; the CLI's list of malformed-input error names comes along too. `npx tsx scripts/inspect/build.ts [dir]` builds build/inspect-page/.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { repoRoot } from "../host/library.ts";
import { intelProductionRoot, MALFORMED } from "../cli/commands/attest-common.ts";
import { corePath as defaultCore, coreDigest, preloadScript, STAMP } from "./site.ts";

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
          // The core error names the CLI treats as "not a well-formed input" (exit 2), so the page
          // draws the same line between an input error and a rejection.
          case "inspect:malformed": return { contents: `export default ${JSON.stringify([...MALFORMED])};`, loader: "js" };
        }
        return undefined;
      });
    },
  };
}

export async function buildInspectPage(opts: BuildOptions): Promise<void> {
  const corePath = opts.corePath ?? defaultCore();
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
  writeFileSync(join(opts.outDir, STAMP), coreDigest(corePath) + "\n");
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(fileURLToPath(import.meta.url))) {
  const out = resolve(process.argv[2] ?? join(repoRoot, "build", "inspect-page"));
  buildInspectPage({ outDir: out }).then(() => console.log(`inspect page built in ${out}`), (e) => {
    console.error(`scripts/inspect/build.ts: ${(e as Error).message}`);
    process.exit(2);
  });
}
