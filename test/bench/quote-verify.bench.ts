// Quote verification with collateral (PCK chain, CRLs, TCB info, QE identity, TCB status): our
// core on V8 and natively (wasm2c) with the verification caches off (assembly/attest/caches.ts),
// a first verification (caches emptied each time: only the ECDSA memo helps, within the one
// verification) and a repeat from the same platform (caches warm; the quote's own signature is
// never cached, so this is what a second quote from that platform costs), against
// @phala/dcap-qvl (Rust compiled to Wasm, the reference) in the same run. Then the CPU time of
// one pre-migration natively (both MigTDs, which fetch and verify collateral in every session).
// Needs the real quotes in ../shared.
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { engineFactories } from "../helpers/engines";
import type { Engine } from "../helpers/engine";
import { readShared, sharedAvailable } from "../helpers/shared";
import { runPreMigration } from "../../scripts/sim/pair.ts";

const require = createRequire(import.meta.url);
const QUOTE = "quotes/phala_tdx_v4_b0c06f_uptodate.quote";
const COLL = "collateral/phala_tdx_v4_b0c06f_collateral.json";
const AT = "2025-07-19T10:00:34Z";

// Best of ROUNDS interleaved rounds (dcap-qvl, then each of ours), so that load from other
// processes on the machine shifts every figure alike instead of one column.
const ROUNDS = Number(process.env.QV_ROUNDS ?? 3);
const ROUND_MS = 300;

async function perOp(e: Engine, args: number[], at: bigint, memo: number, minMs = ROUND_MS): Promise<number> {
  await e.call("bench_quote_verify", 2, ...args, at, memo);
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    await e.call("bench_quote_verify", n, ...args, at, memo);
    const dt = performance.now() - t0;
    if (dt >= minMs) return dt / n;
    n = Math.max(n * 2, Math.ceil((n * minMs * 1.2) / Math.max(dt, 1)));
  }
}

export async function run(): Promise<void> {
  if (!sharedAvailable) {
    console.log("skipped: needs the real quotes and collateral in ../shared/testdata (MIGTD_SHARED)");
    return;
  }
  const quote = readShared("testdata", QUOTE);
  const collJson = readShared("testdata", COLL);
  const root = readShared("testdata", "certs", "Intel_SGX_RootCA_production.der");
  const at = BigInt(Math.floor(Date.parse(AT) / 1000));

  const qvl = require("@phala/dcap-qvl") as { verify(q: Uint8Array, c: unknown, now: number): unknown };
  const coll = JSON.parse(collJson.toString("utf8"));
  let qvlOk = true;
  try {
    qvl.verify(quote, coll, Number(at));
  } catch (e) {
    console.log(`dcap-qvl reference failed: ${(e as Error).message}`);
    qvlOk = false;
  }
  const qvlPerOp = () => {
    if (!qvlOk) return NaN;
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ROUND_MS) { qvl.verify(quote, coll, Number(at)); n++; }
    return (performance.now() - t0) / n;
  };

  const wasm = join(import.meta.dirname, "..", "..", "build", "test", "attest.wasm");
  if (!existsSync(wasm)) throw new Error("build/test/attest.wasm is missing: make test-wasm");
  const engines: { name: string; e: Engine; args: number[]; off: number; first: number; repeat: number }[] = [];
  for (const f of engineFactories(() => wasm)) {
    const e = await f.make();
    const put = async (b: Uint8Array) => {
      const p = Number(await e.call("api_alloc", b.length));
      await e.write(p, b);
      return [p, b.length];
    };
    const args = [...(await put(quote)), ...(await put(root)), ...(await put(collJson))];
    engines.push({ name: f.name, e, args, off: Infinity, first: Infinity, repeat: Infinity });
  }
  let ref = Infinity;
  try {
    for (let r = 0; r < ROUNDS; r++) {
      ref = Math.min(ref, qvlPerOp());
      for (const x of engines) {
        x.off = Math.min(x.off, await perOp(x.e, x.args, at, 2));
        x.first = Math.min(x.first, await perOp(x.e, x.args, at, 0));
        x.repeat = Math.min(x.repeat, await perOp(x.e, x.args, at, 1));
      }
    }
  } finally {
    for (const x of engines) await x.e.close();
  }
  console.log(`quote verification with collateral (${QUOTE}); ms/op, best of ${ROUNDS} interleaved rounds; ratio = dcap-qvl / ours (higher is better)`);
  console.log("engine   no caches   first (caches empty)   repeat, same platform   dcap-qvl   first ratio   repeat ratio");
  for (const x of engines) {
    console.log(`${x.name.padEnd(7)}  ${x.off.toFixed(3).padStart(9)}   ${x.first.toFixed(3).padStart(20)}   ${x.repeat.toFixed(3).padStart(21)}   ${ref.toFixed(3).padStart(8)}   ${(ref / x.first).toFixed(1).padStart(11)}x   ${(ref / x.repeat).toFixed(1).padStart(11)}x`);
  }
  console.log("targets (natively): first <= 1.5 ms, repeat <= 0.6 ms, >= 5x dcap-qvl");

  // CPU per pre-migration (schedstat of both MigTD processes, best of 3; 'work' leaves out each
  // process's boot); premigration.bench.ts has the wall times and the soak.
  console.log("\nnative CPU per pre-migration, both sides (ms; target <= 10 after warm-up)");
  console.log("sessions   CPU with boot   CPU work");
  for (const sessions of [1, 12]) {
    let cpu = Infinity;
    let work = Infinity;
    for (let i = 0; i < 3; i++) {
      const r = await runPreMigration({ host: "native", sessions, timeoutMs: 120_000 });
      if (!r.ok) continue;
      if (r.cpuMs !== undefined) cpu = Math.min(cpu, r.cpuMs / sessions);
      if (r.workCpuMs !== undefined) work = Math.min(work, r.workCpuMs / sessions);
    }
    const f = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "failed");
    console.log(`${String(sessions).padStart(8)}   ${f(cpu).padStart(13)}   ${f(work).padStart(8)}`);
  }
}
