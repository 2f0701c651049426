// The debug core: everything in index.ts plus exports that exist only for tests.
export * from "./index";
export * from "./api/tdx_debug";
import { armTrap, armIntakeTrap } from "./session/debug_flags";
import { allowAllLogLevels } from "./vmm/raw/log_area";

// Debug builds may log up to trace into a RAW log area; release builds cap it at info (§1.6).
allowAllLogLevels();

// The next pre-migration step traps the core (tests the runtime's trap recovery).
export function debug_arm_trap(): void {
  armTrap();
}

// The next request taken from the VMM traps as soon as it is recorded in flight (before it is
// copied or parsed): tests that a request the core was still taking is reported after recovery.
export function debug_arm_intake_trap(): void {
  armIntakeTrap();
}
