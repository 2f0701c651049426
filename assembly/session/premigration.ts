// One pre-migration request (migtd.md §2.1), stepped by the main loop so that many run
// interleaved. This build performs the local steps (SERVTD_ATTR check, the target TD's MIG_ENC_KEY,
// the TDX module's version range) and then stops: the secure session with the peer MigTD (RA-TLS,
// §2.4-2.5) and the MSK exchange are not part of it yet, so the request ends with
// UnsupportedOperationError (12) and no key is ever written. It never reports success.
import { MigrationInfo } from "../vmm/migration_info";
import { servtdRead, servtdReadElements, sysRead } from "../tdx/tdcall";
import {
  FIELD_SERVTD_ATTR, EXPECTED_SERVTD_ATTR, FIELD_MIG_ENC_KEY, FIELD_MIN_EXPORT_VERSION,
  FIELD_MAX_EXPORT_VERSION, FIELD_MIN_IMPORT_VERSION, FIELD_MAX_IMPORT_VERSION,
} from "../tdx/fields";
import {
  RESULT_INVALID_PARAMETER, RESULT_TDX_MODULE_ERROR, RESULT_UNSUPPORTED_OPERATION,
} from "./result";
import { logError, logInfo, logWarn } from "../util/log";
import { u64Hex } from "../util/hex";
import { trapArmed, disarmTrap } from "./debug_flags";

export const STEP_RUNNING: i32 = -1;

const STAGE_ATTR: i32 = 0;
const STAGE_KEY: i32 = 1;
const STAGE_VERSIONS: i32 = 2;
const STAGE_SESSION: i32 = 3;

export class VersionRange {
  constructor(public min: u64, public max: u64) {}
}

export class PreMigration {
  private stage: i32 = STAGE_ATTR;
  versions: VersionRange | null = null;

  constructor(public info: MigrationInfo) {}

  private tag(): string { return "request " + u64Hex(this.info.requestId) + ": "; }

  // Advances one stage; returns STEP_RUNNING or the final result code.
  step(): i32 {
    if (trapArmed) {
      disarmTrap();
      logError("debug: forcing a trap while " + this.tag() + "is in flight");
      unreachable();
    }
    const td = this.info.target;
    if (this.stage == STAGE_ATTR) {
      // migtd.md §1.1: SERVTD_ATTR must equal EXPECTED_SERVTD_ATTR before any SERVTD.WR.
      const attr = servtdRead(td, FIELD_SERVTD_ATTR);
      if (!attr.ok) { logWarn(this.tag() + "SERVTD.RD(SERVTD_ATTR) failed, status " + u64Hex(attr.status)); return RESULT_TDX_MODULE_ERROR; }
      if (attr.value != EXPECTED_SERVTD_ATTR) { logWarn(this.tag() + "SERVTD_ATTR " + u64Hex(attr.value) + " is not the expected 0"); return RESULT_INVALID_PARAMETER; }
      this.stage = STAGE_KEY;
      return STEP_RUNNING;
    }
    if (this.stage == STAGE_KEY) {
      const key = servtdReadElements(td, FIELD_MIG_ENC_KEY, 4);
      if (!key.ok) { logWarn(this.tag() + "SERVTD.RD(MIG_ENC_KEY) failed, status " + u64Hex(key.status)); return RESULT_TDX_MODULE_ERROR; }
      for (let i = 0; i < 4; i++) key.values[i] = 0; // not used until the MSK exchange exists
      this.stage = STAGE_VERSIONS;
      return STEP_RUNNING;
    }
    if (this.stage == STAGE_VERSIONS) {
      // Source exports, destination imports (migtd.md §2.1 step 4); values > 0xFFFF are invalid.
      const lo = sysRead(this.info.isSource ? FIELD_MIN_EXPORT_VERSION : FIELD_MIN_IMPORT_VERSION);
      const hi = sysRead(this.info.isSource ? FIELD_MAX_EXPORT_VERSION : FIELD_MAX_IMPORT_VERSION);
      if (!lo.ok || !hi.ok) { logWarn(this.tag() + "SYS.RD of the migration versions failed"); return RESULT_TDX_MODULE_ERROR; }
      if (lo.value > 0xffff || hi.value > 0xffff) { logWarn(this.tag() + "migration version out of range"); return RESULT_INVALID_PARAMETER; }
      this.versions = new VersionRange(lo.value, hi.value);
      this.stage = STAGE_SESSION;
      return STEP_RUNNING;
    }
    logWarn(this.tag() + "secure session with the peer MigTD is not available in this build; no key written");
    return RESULT_UNSUPPORTED_OPERATION;
  }
}

export function describeRequest(info: MigrationInfo): void {
  logInfo("request " + u64Hex(info.requestId) + ": StartMigration as " + (info.isSource ? "source" : "destination") +
    ", binding handle " + u64Hex(info.target.handle));
}
