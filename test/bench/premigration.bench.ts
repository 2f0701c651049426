// Full pre-migrations between two MigTDs on the simulator: wall time from the VMM's requests to
// both ReportStatus, for the Node host (V8, the reference measured in this run) and the native
// runtime of each engine that is built (wasm2c: build/, wasm3: build/wasm3/, see
// scripts/host/artefacts.ts); for native also the CPU time of both MigTD processes (schedstat,
// ns). Then a
// soak: 12 concurrent pre-migrations per round with a quote service that answers "busy" 3 times
// to every request, counting failures. A failed run prints each MigTD's result code and last log
// lines, and the table goes on.
import { existsSync } from "node:fs";
import { PairResult, runPreMigration } from "../../scripts/sim/pair.ts";
import { artefacts, ENGINES, type EngineName } from "../../scripts/host/artefacts.ts";

const SOAK_ROUNDS = Number(process.env.SOAK_ROUNDS ?? 100);

function failure(host: string, r: PairResult): string {
  const codes = r.sessions.map((s) => `#${s.requestId}: source ${s.sourceStatus ?? "none"}, destination ${s.destinationStatus ?? "none"}${s.keysMatch ? "" : ", keys not exchanged"}`);
  const tail = (side: string) => r.logs.filter((l) => l.side === side).slice(-6).map((l) => `    ${side.padEnd(11)} ${l.line}`);
  return [`  pre-migration failed on ${host}:`, ...codes.filter((_, i) => !(r.sessions[i].sourceStatus === 0 && r.sessions[i].destinationStatus === 0 && r.sessions[i].keysMatch)).map((c) => `    ${c}`),
    ...tail("source"), ...tail("destination")].join("\n");
}

async function best(host: "node" | "native", sessions: number, runs: number, engine?: EngineName) {
  let wall = Infinity;
  let cpu = Infinity;
  let work = Infinity;
  const errors: string[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runPreMigration({ host, sessions, timeoutMs: 120_000, engine });
    if (!r.ok) { errors.push(failure(engine ? `${host} (${engine})` : host, r)); continue; }
    wall = Math.min(wall, r.elapsedMs);
    if (r.cpuMs !== undefined) cpu = Math.min(cpu, r.cpuMs);
    if (r.workCpuMs !== undefined) work = Math.min(work, r.workCpuMs);
  }
  const f = (v: number) => (Number.isFinite(v) ? v : undefined);
  return { wall: f(wall), cpu: f(cpu), work: f(work), errors };
}

const fmt = (v: number | undefined, digits = 0) => (v === undefined ? "failed" : v.toFixed(digits));

export async function run(): Promise<void> {
  console.log("native CPU per pre-migration: both MigTD processes, from schedstat; 'work' leaves out each process's boot (target <= 10 ms)");
  const engines = ENGINES.filter((e) => existsSync(artefacts(e).linux));
  for (const e of ENGINES.filter((e) => !engines.includes(e))) console.log(`(${e}: not built, ${artefacts(e).linux} missing; make native ${artefacts(e).make})`);
  console.log("operation                           engine   node (ms)   native (ms)   native/node   CPU with boot   CPU work (ms)");
  const errors: string[] = [];
  for (const sessions of [1, 12]) {
    const node = await best("node", sessions, 3);
    errors.push(...node.errors);
    const label = sessions === 1 ? "1 pre-migration" : `${sessions} concurrent pre-migrations`;
    for (const engine of engines) {
      const native = await best("native", sessions, 3, engine);
      errors.push(...native.errors);
      const ratio = node.wall !== undefined && native.wall !== undefined ? (native.wall / node.wall).toFixed(2) : "n/a";
      const cpu = native.cpu !== undefined ? (native.cpu / sessions).toFixed(2) : "n/a";
      const work = native.work !== undefined ? (native.work / sessions).toFixed(2) : "n/a";
      console.log(`${label.padEnd(34)}  ${engine.padEnd(6)}   ${fmt(node.wall).padStart(9)}   ${fmt(native.wall).padStart(11)}   ${ratio.padStart(11)}   ${cpu.padStart(13)}   ${work.padStart(13)}`);
    }
  }
  for (const e of errors) console.log(e);

  console.log(`\nsoak: 12 concurrent pre-migrations x ${SOAK_ROUNDS} rounds, quote service busy 3x per request (target: 0 failures)`);
  for (const host of ["native", "node"] as const) {
    let failed = 0;
    let worst = 0;
    let first = "";
    const t0 = performance.now();
    for (let round = 0; round < SOAK_ROUNDS; round++) {
      const r = await runPreMigration({ host, sessions: 12, quoteBusy: 3, timeoutMs: 120_000 });
      const bad = r.sessions.filter((s) => !(s.sourceStatus === 0 && s.destinationStatus === 0 && s.keysMatch)).length;
      failed += bad;
      worst = Math.max(worst, r.elapsedMs);
      if (bad > 0 && !first) first = failure(host, r);
    }
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`  ${host.padEnd(6)}  ${failed} failed of ${12 * SOAK_ROUNDS} sessions; slowest round ${worst} ms; ${secs} s in all`);
    if (first) console.log(first);
  }
}
