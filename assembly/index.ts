// The MigTD core: exports for runtimes (docs/abi.md "Exports") and the library API.
import { wait_event, now_ms } from "./abi";
import { MigtdLoop } from "./service/loop";
// Linked for asconfig's `use abort=`: failed asserts become logged traps.
import "./util/abort";

let core: MigtdLoop | null = null;

export function migtd_init(): i32 {
  core = new MigtdLoop();
  return core!.init();
}

export function migtd_poll(events: u32): i32 {
  if (core === null) return -1;
  return core!.poll(events, now_ms());
}

// The result code the core stopped with (after migtd_poll returned -1), else 0.
export function migtd_stop_code(): i32 {
  return core === null ? 0 : core!.stopCode;
}

export function migtd_event_mask(): u32 {
  return core === null ? 0 : core!.eventMask();
}

// The blocking driver used by the native and TD platforms.
export function migtd_run(): i32 {
  const init = migtd_init();
  if (init != 0) return init;
  let events: u32 = 0;
  while (true) {
    const sleep = migtd_poll(events);
    if (sleep < 0) return core!.stopCode;
    events = sleep == 0 ? 0 : wait_event(core!.eventMask(), <u32>sleep);
  }
  return 0;
}

export { api_alloc, api_free } from "./api/memory";
export * from "./api/attest";
export * from "./api/session";
export * from "./api/policy";
export * from "./api/policy_v2";
export * from "./api/presession";
export * from "./api/result";
export * from "./api/inspect";
export * from "./api/inspect_policy_v2";
