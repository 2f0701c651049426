export { coreAbort } from "./util/abort";
export function migtd_init(): i32 { assert(false, "x"); return 0; }
