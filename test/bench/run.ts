// `make bench`: runs every test/bench/*.bench.ts in turn. Each prints its own table with ratios
// against a reference measured in the same run. Benchmarks are never assertions.
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = import.meta.dirname;
const only = process.argv[2];
for (const f of readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort()) {
  if (only && !f.includes(only)) continue;
  console.log(`\n== ${f} ==`);
  const mod = await import(join(dir, f));
  await mod.run();
}
