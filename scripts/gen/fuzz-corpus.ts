// Seed corpora and fixed inputs for the parser fuzz targets (test/fuzz/targets.ts):
//   <out>/corpus/<target>/<name>   one seed per file, from the simulator's own data
//   <out>/fixtures.h               the harness's fixed inputs (root, reference quote, CCEL, time)
//   <out>/shared-dirs/<target>     a list of directories of real data (MIGTD_SHARED) that the
//                                  runner passes to libFuzzer as extra, read-only seed corpora
// Usage: tsx scripts/gen/fuzz-corpus.ts <out-dir>
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { QGS, QuoteService, qgsCollateralResponse } from "../sim/quote-service.ts";
import { buildCollateral } from "../sim/collateral.ts";
import { defaultPckChain } from "../sim/pck-chain.ts";
import { testRootDer } from "../sim/pck-chain.ts";
import { TdxModule } from "../sim/tdx-module.ts";
import { simulateFirmwareBoot } from "../sim/firmware-boot.ts";
import { startMigrationResponse, noRequestResponse, type RequestSpec } from "../sim/requests.ts";
import { nodeEngine } from "../../test/helpers/engine.ts";
import { ensureTestWasm } from "../../test/helpers/test-wasm.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");
const out = resolve(process.argv[2] ?? join(ROOT, "build/fuzz"));
const enc = (s: string) => new TextEncoder().encode(s);

const corpus = new Map<string, Map<string, Uint8Array>>();
function seed(target: string, name: string, bytes: Uint8Array): void {
  if (!corpus.has(target)) corpus.set(target, new Map());
  corpus.get(target)!.set(name, bytes);
}

// ---- simulated platform: TDREPORT, quote, CCEL ------------------------------------------------
const policy = readFileSync(join(ROOT, "config/policy.json"));
const rootDer = testRootDer();
const tdx = new TdxModule();
const ccel = simulateFirmwareBoot(tdx, policy, rootDer);
const reportData = new Uint8Array(64).fill(0x5a);
const report = tdx.buildReport(reportData);
const quote = new QuoteService(tdx).quote(report);
if (!quote) throw new Error("the simulated quote service refused its own report");
const nowSecs = BigInt(Math.floor(Date.now() / 1000));

seed("quote", "sim-quote", quote);
seed("quote", "sim-quote-truncated", quote.slice(0, 700));
seed("tdreport", "sim-tdreport", report);
seed("ccel", "sim-firmware-boot", ccel);
seed("x509", "sim-root", rootDer);
// The PCK chain inside the quote, as DER certificates.
const pem = Buffer.from(quote).toString("latin1");
let i = 0;
for (const m of pem.matchAll(/-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\r\n]+)-----END CERTIFICATE-----/g)) {
  seed("x509", `sim-pck-chain-${i++}`, new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ""), "base64")));
}

// ---- GET_COLLATERAL answers (the QGS message) ---------------------------------------------------
{
  const qs = new QuoteService(tdx);
  const q = qs.qeReport();
  const v = new DataView(q.buffer);
  const qe = { mrSigner: q.subarray(128, 160), isvProdId: v.getUint16(256, true), isvSvn: v.getUint16(258, true), miscSelect: v.getUint32(16, true), attributes: q.subarray(48, 64) };
  const issuedAt = new Date(Number(nowSecs) * 1000);
  seed("collateral", "sim-collateral", qgsCollateralResponse(QGS.SUCCESS, buildCollateral({ chain: defaultPckChain(), teeTcbSvn: tdx.teeTcbSvn, qe, issuedAt })));
  seed("collateral", "sim-collateral-revoked-pck", qgsCollateralResponse(QGS.SUCCESS, buildCollateral({ chain: defaultPckChain(), teeTcbSvn: tdx.teeTcbSvn, qe, issuedAt, fault: "revoked-pck" })));
  seed("collateral", "qgs-error", qgsCollateralResponse(QGS.ERROR_UNEXPECTED, null));
}

// ---- policies and JSON -------------------------------------------------------------------------
seed("policy", "config-policy", policy);
const minimal = join(ROOT, "test/fixtures/policy/minimal.json");
if (existsSync(minimal)) seed("policy", "minimal", readFileSync(minimal));
for (const f of ["config/policy.json", "config/servtd_info.json", "config/policy.schema.json"]) {
  seed("json", f.replace(/[/.]/g, "-"), readFileSync(join(ROOT, f)));
}
seed("json", "scalars", enc('[0,-1.5e+10,true,false,null,"a\\u00e9\\ud83d\\ude00\\n",{}]'));
seed("json", "nested", enc('{"a":{"b":[[[{"c":"d"}]]]},"e":1e308}'));

// ---- VMM WaitForRequest responses ---------------------------------------------------------------
const req: RequestSpec = { id: 7n, source: true, handle: 0x1234n, uuid: [1n, 2n, 3n, 4n], policyId: 0n, communicationId: 9n };
seed("wait_response", "start-migration", startMigrationResponse(req));
seed("wait_response", "start-migration-dest", startMigrationResponse({ ...req, source: false }));
seed("wait_response", "start-migration-policy-hob", startMigrationResponse({ ...req, mutate: { policyHob: true } }));
seed("wait_response", "start-migration-duplicate-info", startMigrationResponse({ ...req, mutate: { duplicateInfo: true } }));
seed("wait_response", "start-migration-raw-info", startMigrationResponse({ ...req, mutate: { infoLength: 56 } }));
seed("wait_response", "no-request", noRequestResponse());

// ---- TLS ClientHello and RA-TLS certificates, made by the core itself (build/test/tls.wasm) -----
const tls = await nodeEngine(ensureTestWasm("tls"));
const put = async (b: Uint8Array) => {
  const p = Number(await tls.call("api_alloc", b.length));
  await tls.write(p, b);
  return p;
};
const block = async (p: number | bigint) => {
  const ptr = Number(p);
  const len = new DataView((await tls.read(ptr, 4)).buffer).getUint32(0, true);
  const b = await tls.read(ptr + 4, len);
  await tls.call("api_free", ptr);
  return b;
};
const built = await block(await tls.call("ratls_build", await put(quote), quote.length, await put(ccel), ccel.length));
if (built.length <= 145) throw new Error("ratls_build failed");
const raCert = built.slice(145);
seed("ratls", "sim-ratls-cert", raCert);
seed("x509", "sim-ratls-cert", raCert);
const id = Number(await tls.call("identity_new", await put(built.slice(0, 48)), await put(built.slice(48, 145)), await put(raCert), raCert.length));
for (const [flags, name] of [[1, "client-hello"], [3, "client-hello-no-key-share"]] as const) {
  const h = await tls.call("engine_new", id, flags, 0);
  seed("tls_server", name, await block(await tls.call("engine_take_output", h)));
}
await tls.close();

// ---- write ---------------------------------------------------------------------------------------
rmSync(join(out, "corpus"), { recursive: true, force: true });
for (const [target, seeds] of corpus) {
  const dir = join(out, "corpus", target);
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of seeds) writeFileSync(join(dir, name), bytes);
}

// Real data from the shared test data, read in place.
const shared = resolve(process.env.MIGTD_SHARED ?? join(ROOT, "..", "shared"), "testdata");
const sharedDirs: Record<string, string[]> = {
  quote: ["quotes"],
  ccel: ["eventlogs"],
  tdreport: ["tdreport"],
  x509: ["migtd_config", "certs"],
  policy: ["migtd_policy/current_v1", "migtd_policy/v0.3.1", "migtd_policy/v2"],
  json: ["migtd_policy/current_v1", "collateral"],
};
mkdirSync(join(out, "shared-dirs"), { recursive: true });
for (const [target, dirs] of Object.entries(sharedDirs)) {
  const present = dirs.map((d) => join(shared, d)).filter((d) => existsSync(d));
  writeFileSync(join(out, "shared-dirs", target), present.join("\n") + (present.length ? "\n" : ""));
}

function cArray(name: string, b: Uint8Array): string {
  const rows: string[] = [];
  for (let o = 0; o < b.length; o += 16) rows.push("  " + Array.from(b.subarray(o, o + 16), (x) => `0x${x.toString(16).padStart(2, "0")},`).join(""));
  return `static const unsigned char ${name}[] = {\n${rows.join("\n")}\n};\n`;
}
const now = new Uint8Array(8);
new DataView(now.buffer).setBigUint64(0, nowSecs, true);
writeFileSync(
  join(out, "fixtures.h"),
  "/* Generated by scripts/gen/fuzz-corpus.ts: the fuzz targets' fixed inputs. */\n" +
    cArray("fixture_root", rootDer) +
    cArray("fixture_quote", quote) +
    cArray("fixture_ccel", ccel) +
    cArray("fixture_now", now) +
    "#define FUZZ_FIXTURES \\\n" +
    "  {1, fixture_root, sizeof fixture_root}, {2, fixture_quote, sizeof fixture_quote}, \\\n" +
    "  {3, fixture_ccel, sizeof fixture_ccel}, {4, fixture_now, sizeof fixture_now}\n",
);
let n = 0;
for (const s of corpus.values()) n += s.size;
console.log(`fuzz corpus: ${n} seeds for ${corpus.size} targets in ${join(out, "corpus")}`);
