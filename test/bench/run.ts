// `make bench`: runs every test/bench/*.bench.ts in turn (or those whose name contains the first
// argument). Each prints its own table with ratios against a reference measured in the same run.
// Benchmarks are never assertions; one that fails says why and the others still run.
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const only = process.argv[2];
let failed = 0;
for (const f of readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort()) {
  if (only && !f.includes(only)) continue;
  console.log(`\n== ${f} ==`);
  try {
    const mod = await import(join(dir, f));
    await mod.run();
  } catch (e) {
    failed++;
    console.log(`  ${f} did not complete: ${(e as Error).stack ?? e}`);
  }
}
if (failed > 0) console.log(`\n${failed} benchmark file(s) did not complete (see above)`);
