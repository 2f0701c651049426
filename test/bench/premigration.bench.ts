// Full pre-migrations between two MigTDs on the simulator (quote service with no delay): wall time
// from the VMM's requests to both ReportStatus, for the Node host (V8, the reference measured in
// this run) and the native runtime (wasm2c); for native also the CPU time of both MigTD processes.
import { runPreMigration } from "../../scripts/sim/pair.ts";

async function best(host: "node" | "native", sessions: number, runs: number) {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const r = await runPreMigration({ host, sessions, timeoutMs: 120_000 });
    if (!r.ok) throw new Error(`pre-migration failed on ${host}`);
    wall = Math.min(wall, r.elapsedMs);
    if (r.cpuMs !== undefined) cpu = Math.min(cpu, r.cpuMs);
  }
  return { wall, cpu: Number.isFinite(cpu) ? cpu : undefined };
}

export async function run(): Promise<void> {
  console.log("operation                           node (ms)   native (ms)   native/node   native CPU per pre-migration (ms, both sides, boot incl.)");
  for (const sessions of [1, 12]) {
    const node = await best("node", sessions, 3);
    const native = await best("native", sessions, 3);
    const label = sessions === 1 ? "1 pre-migration" : `${sessions} concurrent pre-migrations`;
    const cpu = native.cpu !== undefined ? (native.cpu / sessions).toFixed(1) : "n/a";
    console.log(`${label.padEnd(34)}  ${String(node.wall).padStart(9)}   ${String(native.wall).padStart(11)}   ${(native.wall / node.wall).toFixed(2).padStart(11)}   ${cpu}`);
  }
}
