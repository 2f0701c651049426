// `make image` / `migtd image`: builds migtd.bin from prebuilt parts and writes its
// SERVTD_HASH_INFO next to it (<out>.servtd_info_hash, hex).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildImage } from "./image.ts";
import { imageHashes } from "./hash.ts";
import { intelRootCaDer } from "./root-ca.ts";
import { parseManifest } from "./servtd.ts";

export const REPO = join(import.meta.dirname, "..", "..");
export const DEFAULT_MANIFEST = join(REPO, "config", "servtd_info.json");

export interface BuildOptions {
  resetVector: string; shim: string; payload: string; policy: string;
  rootCa?: string; // default: Intel's production root CA from @phala/dcap-qvl
  manifest?: string; out: string;
}

export function buildImageFiles(o: BuildOptions): { image: Buffer; servtdHashInfo: Buffer; payloadFileSize: number; shimSize: number } {
  const built = buildImage({
    resetVector: readFileSync(o.resetVector),
    shimElf: readFileSync(o.shim),
    payloadElf: readFileSync(o.payload),
    policy: readFileSync(o.policy),
    rootCa: o.rootCa ? readFileSync(o.rootCa) : intelRootCaDer(),
  });
  const h = imageHashes(built.image, parseManifest(readFileSync(o.manifest ?? DEFAULT_MANIFEST, "utf8")));
  writeFileSync(o.out, built.image);
  writeFileSync(`${o.out}.servtd_info_hash`, h.servtdHashInfo.toString("hex") + "\n");
  return { image: built.image, servtdHashInfo: h.servtdHashInfo, payloadFileSize: built.payloadFileSize, shimSize: built.shimSize };
}

export function parseBuildArgs(args: string[]): BuildOptions {
  const o: Partial<BuildOptions> = {};
  const keys: Record<string, keyof BuildOptions> = {
    "--reset-vector": "resetVector", "--shim": "shim", "--payload": "payload", "--policy": "policy",
    "--root-ca": "rootCa", "--servtd-info": "manifest", "-o": "out", "--out": "out",
  };
  for (let i = 0; i < args.length; i++) {
    const k = keys[args[i]];
    if (!k || i + 1 >= args.length) throw new Error(`unknown or incomplete option ${args[i]}`);
    o[k] = args[++i];
  }
  for (const k of ["resetVector", "shim", "payload", "policy", "out"] as const) {
    if (!o[k]) throw new Error(`missing --${k.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`);
  }
  return o as BuildOptions;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const r = buildImageFiles(parseBuildArgs(process.argv.slice(2)));
  console.log(`image: ${process.argv[process.argv.indexOf("-o") + 1] ?? ""} payload ${r.payloadFileSize} bytes, shim ${r.shimSize} bytes, SERVTD_HASH_INFO ${r.servtdHashInfo.toString("hex")}`);
}
