// What the main loop (service/loop.ts) steps for each request it started: a pre-migration
// (premigration.ts, StartMigration) or a V2 rebinding (rebinding.ts, RAW StartRebinding).
import { MigrationInfo } from "../vmm/migration_info";

export const STEP_RUNNING: i32 = -1;

export class RequestSession {
  constructor(public info: MigrationInfo) {}
  // Why the request failed, as data for the ReportStatus where the interface carries it (RAW
  // StartRebinding, §1.6); empty when there is none.
  errorText: string = "";
  // Advances as far as it can without waiting; returns STEP_RUNNING or the final result code.
  step(nowMs: i64): i32 { return STEP_RUNNING; }
  // The earliest time this session needs a turn without an event (0: no timer).
  get wakeAt(): i64 { return 0; }
}
