// RAW-interface VMM scenarios (test/scenarios/raw/*.json; docs/scenarios.md "RAW requests"): the
// same idea as scenario.ts — what the host does and what it must observe, as data — for a MigTD
// built with the vmcall-raw interface. Each step hands one WaitForRequest answer (any operation,
// any header, any payload) to the MigTD, or cancels a request in flight.
import { Simulator } from "./simulator.ts";
import { prepareSimulator, Scenario, ScenarioTd, sleep, until } from "./scenario.ts";
import { RawVmm } from "./raw-vmm.ts";
import { RAW, enableLogAreaPayload, idPayload, rawMigrationInformation } from "./raw-wire.ts";
import type { MigtdHost } from "../host/host.ts";
import type { StepResult, ScenarioResult } from "./scenario.ts";

export interface RawStepRequest {
  id: string;
  op?: number; // default 1 (StartMigration)
  td?: number; // StartMigration: index into tds
  source?: boolean;
  migrationSource?: number; // the raw migration_source byte
  hasInitData?: number;
  reserved?: number[]; // MigtdMigrationInformation bytes 10..16
  reportData?: boolean; // GetTDReport: append 64 bytes of VMM data (ignored by the MigTD)
  level?: number; // EnableLogArea: log_max_level
  logReserved?: number; // EnableLogArea: a non-zero reserved byte
  payloadLength?: number; // pad with zeros / cut the payload to this length
  dataStatus?: string; // the header's data_status (default 1 | op << 8)
  length?: number; // the header's length field (default: the payload's length)
}

export interface RawStep {
  name: string;
  request?: RawStepRequest;
  cancel?: string; // cancel the pending Receive of this request id (waits until there is one)
  holdUntilReceiving?: boolean; // the step passes once the request's session waits on Receive
  armTrapBefore?: boolean; // make the (debug) core trap while this request is in flight
  armIntakeTrapBefore?: boolean; // ... while it takes this request from the VMM
  expect: { id?: string; status?: number; noReport?: boolean; log?: string; reportDataLength?: number };
}

export interface RawScenario extends Omit<Scenario, "steps"> {
  interface: "raw";
  translated?: boolean; // from a Service scenario (asRawScenario): the host has no peer route
  steps: RawStep[];
}

// A Service-interface scenario (test/scenarios/*.json) that does not depend on the interface: no
// response mutations (they break the Service wire format), no Query answer, no log line naming a
// transport. Its StartMigration steps mean the same on RAW, with a host that has no route to a
// peer MigTD (NetworkError, as an unreachable vsock).
export function interfaceIndependent(s: Scenario): boolean {
  return s.serviceSupported !== false && s.expectStopCode === undefined && s.steps.length > 0 &&
    s.steps.every((st) => !st.request.mutate && !/vsock|serial|HOB|GUID/i.test(st.expect.log ?? ""));
}

export function asRawScenario(s: Scenario): RawScenario {
  return { ...s, interface: "raw", translated: true, steps: s.steps.map((st) => ({ name: st.name, armTrapBefore: st.armTrapBefore, armIntakeTrapBefore: st.armIntakeTrapBefore, request: { id: st.request.id, source: st.request.source, td: st.request.td }, expect: st.expect })) };
}

export function rawPayload(r: RawStepRequest, tds: ScenarioTd[]): { op: number; payload: Uint8Array } {
  const id = BigInt(r.id);
  const op = r.op ?? RAW.OP.START_MIGRATION;
  let payload: Uint8Array;
  if (op === RAW.OP.START_MIGRATION) {
    const td = tds[r.td ?? 0];
    payload = rawMigrationInformation({ id, source: r.source ?? true, handle: BigInt(td.handle), uuid: td.uuid.map(BigInt), hasInitData: r.hasInitData, reserved: r.reserved });
    if (r.migrationSource !== undefined) payload[8] = r.migrationSource;
  } else if (op === RAW.OP.ENABLE_LOG_AREA) {
    payload = enableLogAreaPayload(id, r.level ?? 3);
    if (r.logReserved !== undefined) payload[12] = r.logReserved;
  } else {
    payload = idPayload(id, r.reportData ? 64 : 0);
    if (r.reportData) payload.fill(0xaa, 8);
  }
  if (r.payloadLength !== undefined) {
    const p = new Uint8Array(r.payloadLength);
    p.set(payload.subarray(0, Math.min(payload.length, r.payloadLength)));
    payload = p;
  }
  return { op, payload };
}


export function prepareRawSimulator(s: RawScenario): { sim: Simulator; raw: RawVmm } {
  const sim = prepareSimulator(s as unknown as Scenario);
  const raw = new RawVmm(sim.vmm);
  sim.vmm.raw = raw;
  return { sim, raw };
}

export async function runRawScenario(s: RawScenario, makeHost: (sim: Simulator) => Promise<MigtdHost>, stepTimeoutMs = 10_000): Promise<ScenarioResult> {
  const { sim, raw } = prepareRawSimulator(s);
  if (s.translated) raw.noPeer = "fail";
  const host = await makeHost(sim);
  const results: StepResult[] = [];
  try {
    await host.start();
    for (const step of s.steps) results.push(await runRawStep(sim, raw, host, s, step, stepTimeoutMs));
  } finally {
    await host.stop();
  }
  const writes = sim.tdx.tds.reduce((n, td) => n + td.writes, 0);
  if (writes > 0) results.push({ name: "no key written", ok: false, detail: `${writes} SERVTD.WR calls` });
  const trapsOk = host.traps === (s.expectTraps ?? 0);
  if (!trapsOk) results.push({ name: "trap count", ok: false, detail: `${host.traps} traps` });
  return { name: s.name, ok: results.every((r) => r.ok), steps: results, traps: host.traps, logs: host.logs };
}

async function runRawStep(sim: Simulator, raw: RawVmm, host: MigtdHost, s: RawScenario, step: RawStep, timeoutMs: number): Promise<StepResult> {
  const reportsBefore = raw.rawReports.length;
  const logsBefore = host.logs.length;
  const problems: string[] = [];
  let id = step.expect.id !== undefined ? BigInt(step.expect.id) : undefined;
  if (step.armTrapBefore) await host.armTrap();
  if (step.armIntakeTrapBefore) await host.armIntakeTrap();
  if (step.request) {
    const waiting = await until(() => raw.waitsIssued > raw.responsesDelivered, timeoutMs);
    if (!waiting) return { name: step.name, ok: false, detail: "the MigTD never issued WaitForRequest" };
    const delivered = raw.responsesDelivered;
    const { op, payload } = rawPayload(step.request, s.tds);
    id ??= BigInt(step.request.id);
    raw.enqueue({
      op, payload,
      dataStatus: step.request.dataStatus !== undefined ? BigInt(step.request.dataStatus) : undefined,
      length: step.request.length,
    });
    if (step.expect.status === undefined && !step.holdUntilReceiving) {
      const back = await until(() => raw.responsesDelivered > delivered && raw.waitsIssued > raw.responsesDelivered, timeoutMs);
      if (!back) problems.push("the MigTD did not come back to WaitForRequest");
    }
  }
  if (step.holdUntilReceiving && id !== undefined) {
    const rid = id;
    if (!(await until(() => raw.hasPendingReceive(rid), timeoutMs))) problems.push(`request ${rid} never waited on Receive`);
  }
  if (step.cancel !== undefined) {
    const cid = BigInt(step.cancel);
    id ??= cid;
    if (!(await until(() => raw.cancelPending(cid), timeoutMs))) problems.push(`request ${cid} had no Receive to cancel`);
  }
  if (step.expect.status !== undefined && id !== undefined) {
    const rid = id;
    const got = await until(() => raw.rawReports.slice(reportsBefore).some((r) => r.requestId === rid), timeoutMs);
    const rep = raw.rawReports.slice(reportsBefore).find((r) => r.requestId === rid);
    if (!got || !rep) problems.push(`no ReportStatus for request ${rid}`);
    else {
      if (rep.code !== step.expect.status) problems.push(`status ${rep.code}, expected ${step.expect.status}`);
      if (rep.failed !== (rep.code === 0 ? 0 : 1)) problems.push(`status byte 0 is ${rep.failed}`);
      if (step.expect.reportDataLength !== undefined && rep.data.length !== step.expect.reportDataLength) problems.push(`${rep.data.length} bytes of data, expected ${step.expect.reportDataLength}`);
    }
  }
  if (step.expect.noReport && id !== undefined) {
    await sleep(30);
    const rid = id;
    const extra = raw.rawReports.slice(reportsBefore).filter((r) => r.requestId === rid);
    if (extra.length > 0) problems.push(`unexpected ReportStatus ${extra[0].code}`);
  }
  if (step.expect.log) {
    const re = new RegExp(step.expect.log);
    if (!(await until(() => host.logs.slice(logsBefore).some((l) => re.test(l)), 2000))) problems.push(`no log line matching /${step.expect.log}/`);
  }
  void sim;
  return { name: step.name, ok: problems.length === 0, detail: problems.join("; ") || "ok" };
}
