// What a MigTD of the simulated world is enrolled with: the default policy (config/policy.json)
// and the simulator's test root CA, the one its quote service's PCK chain ends in.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { testRootDer } from "./pck-chain.ts";
import { simulateFirmwareBoot } from "./firmware-boot.ts";
import { Simulator } from "./simulator.ts";

const repo = resolve(import.meta.dirname, "..", "..");

export interface Enrollment {
  policy: Uint8Array;
  rootCa: Uint8Array;
}

export interface EnrolledConfig extends Enrollment {
  eventLog: Uint8Array;
}

export function defaultEnrollment(): Enrollment {
  return { policy: readFileSync(join(repo, "config", "policy.json")), rootCa: testRootDer() };
}

// For hosts without the real firmware: the simulated boot measures the enrollment into the
// simulator's RTMRs and returns the event log the core reads (config_read).
export function bootWithEnrollment(sim: Simulator, e: Enrollment = defaultEnrollment()): EnrolledConfig {
  return { ...e, eventLog: simulateFirmwareBoot(sim.tdx, e.policy, e.rootCa) };
}
