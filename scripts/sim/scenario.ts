// VMM scenarios as data (test/scenarios/*.json): the user TDs bound to the MigTD, then a
// sequence of WaitForRequest responses and what the VMM must observe for each. The same file
// runs against any host (Node, native, QEMU); see docs/scenarios.md.
import { readFileSync } from "node:fs";
import { Simulator } from "./simulator.ts";
import { QuoteService } from "./quote-service.ts";
import { Mutations, startMigrationResponse } from "./requests.ts";
import type { MigtdHost } from "../host/host.ts";

export interface ScenarioTd { handle: string; uuid: string[]; servtdAttr?: string; bound?: boolean }
export interface ScenarioStep {
  name: string;
  request: { id: string; source?: boolean; td?: number; mutate?: Mutations };
  armTrapBefore?: boolean;
  // The debug core traps while taking this request from the VMM (debug_arm_intake_trap).
  armIntakeTrapBefore?: boolean;
  expect: { status?: number; noReport?: boolean; log?: string };
}
export interface Scenario {
  name: string;
  description: string;
  debugCore?: boolean; // needs the debug build (debug_arm_trap)
  serviceSupported?: boolean;
  versions?: { minExport: string; maxExport: string; minImport: string; maxImport: string };
  tds: ScenarioTd[];
  steps: ScenarioStep[];
  expectTraps?: number;
  expectStopCode?: number; // the core stops at boot with this code (e.g. 2 = service unsupported)
}

export interface StepResult { name: string; ok: boolean; detail: string }
export interface ScenarioResult { name: string; ok: boolean; steps: StepResult[]; traps: number; logs: string[] }

export function loadScenario(path: string): Scenario {
  return JSON.parse(readFileSync(path, "utf8")) as Scenario;
}

export function prepareSimulator(s: Scenario): Simulator {
  const sim = new Simulator();
  // The MigTD can attest (hosts enroll scripts/sim/enrollment.ts) but no peer is reachable.
  sim.vmm.quoteService = new QuoteService(sim.tdx);
  sim.vmm.serviceSupported = s.serviceSupported ?? true;
  if (s.versions) {
    sim.tdx.versions = {
      minExport: BigInt(s.versions.minExport), maxExport: BigInt(s.versions.maxExport),
      minImport: BigInt(s.versions.minImport), maxImport: BigInt(s.versions.maxImport),
    };
  }
  for (const td of s.tds) {
    if (td.bound === false) continue;
    sim.tdx.bind({ handle: BigInt(td.handle), uuid: td.uuid.map(BigInt), servtdAttr: BigInt(td.servtdAttr ?? 0) });
  }
  return sim;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// True once `cond` holds (polled every 2 ms), false when `timeoutMs` passes first.
export async function until(cond: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(2);
  }
  return cond();
}

// Runs a scenario against a host created by `makeHost` for the prepared simulator.
export async function runScenario(
  s: Scenario,
  makeHost: (sim: Simulator) => Promise<MigtdHost>,
  stepTimeoutMs = 10_000,
): Promise<ScenarioResult> {
  const sim = prepareSimulator(s);
  const host = await makeHost(sim);
  const results: StepResult[] = [];
  try {
    await host.start();
    if (s.expectStopCode !== undefined) {
      const stopped = await until(() => host.stopCode !== undefined, stepTimeoutMs);
      const ok = stopped && host.stopCode === s.expectStopCode;
      results.push({ name: "core stops at boot", ok, detail: `stop code ${host.stopCode}, expected ${s.expectStopCode}` });
    }
    for (const step of s.steps) {
      const r = await runStep(sim, host, s, step, stepTimeoutMs);
      results.push(r);
      // A MigTD that stopped answering will not answer the next step either: report this step
      // (with the log) now rather than waiting out every remaining step's timeout.
      if (!r.ok && /never issued|no ReportStatus|did not come back/.test(r.detail)) {
        results.push({ name: "remaining steps", ok: false, detail: `not run: the MigTD stopped answering at "${step.name}"` });
        break;
      }
    }
  } finally {
    await host.stop();
  }
  const trapsOk = host.traps === (s.expectTraps ?? 0);
  if (!trapsOk) results.push({ name: "trap count", ok: false, detail: `${host.traps} traps, expected ${s.expectTraps ?? 0}` });
  return { name: s.name, ok: results.every((r) => r.ok), steps: results, traps: host.traps, logs: host.logs };
}

async function runStep(sim: Simulator, host: MigtdHost, s: Scenario, step: ScenarioStep, timeoutMs: number): Promise<StepResult> {
  const td = s.tds[step.request.td ?? 0];
  const id = BigInt(step.request.id);
  const vmm = sim.vmm;
  const reportsBefore = vmm.reports.length;
  const logsBefore = host.logs.length;
  if (step.armTrapBefore) await host.armTrap();
  if (step.armIntakeTrapBefore) await host.armIntakeTrap();
  // The core must be waiting (a WaitForRequest outstanding) before the response is handed over,
  // so each step observes one response being consumed.
  const waiting = await until(() => vmm.waitsIssued > vmm.responsesDelivered, timeoutMs);
  if (!waiting) return { name: step.name, ok: false, detail: "the MigTD never issued WaitForRequest" };
  const delivered = vmm.responsesDelivered;
  vmm.enqueue(startMigrationResponse({
    id, source: step.request.source ?? true, handle: BigInt(td.handle), uuid: td.uuid.map(BigInt),
    mutate: step.request.mutate,
  }));
  const problems: string[] = [];
  if (step.expect.status !== undefined) {
    const got = await until(() => vmm.reports.slice(reportsBefore).some((r) => r.requestId === id), timeoutMs);
    const rep = vmm.reports.slice(reportsBefore).find((r) => r.requestId === id);
    if (!got || !rep) problems.push(`no ReportStatus for request ${id}`);
    else if (rep.status !== step.expect.status) problems.push(`status ${rep.status}, expected ${step.expect.status}`);
  } else {
    // Consumed and rejected: the core comes back with the next WaitForRequest.
    const back = await until(() => vmm.responsesDelivered > delivered && vmm.waitsIssued > vmm.responsesDelivered, timeoutMs);
    if (!back) problems.push("the MigTD did not come back to WaitForRequest");
  }
  if (step.expect.noReport) {
    await sleep(20);
    const extra = vmm.reports.slice(reportsBefore).filter((r) => r.requestId === id);
    if (extra.length > 0) problems.push(`unexpected ReportStatus ${extra[0].status}`);
  }
  if (step.expect.log) {
    const re = new RegExp(step.expect.log);
    const found = await until(() => host.logs.slice(logsBefore).some((l) => re.test(l)), 2000);
    if (!found) problems.push(`no log line matching /${step.expect.log}/`);
  }
  return { name: step.name, ok: problems.length === 0, detail: problems.join("; ") || "ok" };
}
