// Start-up of the compiled CLI: `migtd --help` against a bare `node -e 0` measured alongside (the
// reference), best of 15 each. Target: well under 300 ms.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const BIN = join(import.meta.dirname, "..", "..", "scripts", "bin", "migtd.mjs");

function best(args: string[], runs = 15): number {
  let ms = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
    ms = Math.min(ms, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return ms;
}

export async function run(): Promise<void> {
  const bare = best(["-e", "0"]);
  const help = best([BIN, "--help"]);
  console.log("start-up (best of 15)        ms");
  console.log(`node -e 0 (reference)   ${bare.toFixed(1).padStart(7)}`);
  console.log(`migtd --help            ${help.toFixed(1).padStart(7)}   (+${(help - bare).toFixed(1)} ms over node; target < 300 ms)`);
}
