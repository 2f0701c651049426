#!/usr/bin/env node
// `migtd` command-line entry: runs the TypeScript CLI through tsx (a devDependency).
import { register } from "tsx/esm/api";
register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
