// Running what the deploy commands print: a command line (spawned, inheriting stdio), or QMP steps
// (through QmpClient), with every action echoed first so the log shows exactly what ran.
import { spawn } from "node:child_process";
import { QmpClient } from "./qmp.ts";
import { CANCEL, START_POSTCOPY, STATUS, TERMINAL, type QmpStep } from "./flows.ts";
import { shellLine, type Argv } from "./shell.ts";

export async function runArgv(argv: Argv, log: (l: string) => void): Promise<number> {
  log(`+ ${shellLine(argv)}`);
  const child = spawn(argv[0], argv.slice(1), { stdio: "inherit" });
  return await new Promise<number>((resolve) => {
    child.on("error", (e) => { log(`cannot run ${argv[0]}: ${e.message}`); resolve(127); });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export async function runSteps(steps: QmpStep[], log: (l: string) => void): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const s of steps) {
    log(`# ${s.label}`);
    const c = await QmpClient.open(s.socket);
    try {
      for (const m of s.messages) {
        log(`+ qmp ${s.socket} ${JSON.stringify(m)}`);
        results.push(await c.execute(m.execute, m.arguments));
      }
    } finally {
      c.close();
    }
  }
  return results;
}

export interface MigrationStatus { status: string; ram?: { transferred?: number; remaining?: number; total?: number }; "error-desc"?: string }

// Polls query-migrate until a terminal state; switches to post-copy once the migration is active
// when asked. Resolves with the last status.
export async function waitMigration(socket: string, o: { postcopy: boolean; intervalMs?: number; timeoutMs?: number }, log: (l: string) => void): Promise<MigrationStatus> {
  const c = await QmpClient.open(socket);
  const deadline = Date.now() + (o.timeoutMs ?? 3_600_000);
  let switched = false;
  let last = "";
  try {
    for (;;) {
      const s = await c.execute<MigrationStatus>(STATUS.execute);
      const line = `status ${s.status}${s.ram ? ` transferred ${s.ram.transferred ?? 0} remaining ${s.ram.remaining ?? 0}` : ""}${s["error-desc"] ? ` (${s["error-desc"]})` : ""}`;
      if (line !== last) log(line);
      last = line;
      if (TERMINAL.has(s.status) || s.status === "none") return s;
      if (o.postcopy && !switched && s.status === "active") {
        log(`+ qmp ${socket} ${JSON.stringify(START_POSTCOPY)}`);
        await c.execute(START_POSTCOPY.execute);
        switched = true;
      }
      if (Date.now() > deadline) return s;
      await new Promise((r) => setTimeout(r, o.intervalMs ?? 500));
    }
  } finally {
    c.close();
  }
}

export const cancelStep = (socket: string): QmpStep => ({ socket, label: "source: cancel the migration (the TD keeps running here)", messages: [CANCEL] });
