// The attestation library module (test/wasm/attest.ts -> build/test/attest.wasm, built by
// `make test-wasm`) loaded through the CLI's loader, plus shared-data helpers.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { CoreLibrary, repoRoot } from "../../scripts/host/library.ts";
import { readShared } from "../helpers/shared.ts";

const wasm = join(repoRoot, "build", "test", "attest.wasm");

export function attestLib(): CoreLibrary {
  if (!existsSync(wasm)) execFileSync("make", ["-s", "build/test/attest.wasm"], { cwd: repoRoot, stdio: "inherit" });
  return CoreLibrary.load(wasm);
}

export const T = (...p: string[]) => readShared("testdata", ...p);
export const expected = () => JSON.parse(T("EXPECTED.json").toString("utf8"));
export const prodRoot = () => T("certs", "Intel_SGX_RootCA_production.der");
export const sbxRoot = () => T("certs", "Intel_SGX_RootCA_preproduction_sbx.der");
export const secs = (iso: string) => BigInt(Math.floor(Date.parse(iso) / 1000));
export const NONE = new Uint8Array(0);
