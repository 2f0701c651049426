// What a scenario needs from any host running a MigTD core against a simulator.
export interface MigtdHost {
  readonly name: string;
  readonly logs: string[];
  traps: number;
  // Resolves when the core has initialised (or failed to).
  start(): Promise<void>;
  // Arms the debug core's forced trap (debug_arm_trap).
  armTrap(): Promise<void>;
  // Arms the debug core's trap at the next request it takes from the VMM, right after the
  // request id is recorded in flight (debug_arm_intake_trap).
  armIntakeTrap(): Promise<void>;
  stop(): Promise<void>;
  // The core's stop code once it has stopped on its own, else undefined.
  readonly stopCode: number | undefined;
}

export const LEVEL_NAMES = ["", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"];
