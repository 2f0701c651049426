// AssemblyScript's abort (failed assert, throw, out-of-bounds array access) routed to a logged
// trap: the message reaches the runtime's log, then `unreachable` ends the instance and the
// runtime's trap recovery takes over (docs/abi.md "Trap recovery"). Only broken invariants get
// here; expected failures are returned values.
import { log, LOG_ERROR } from "../abi";

export function coreAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "core abort: " + (message !== null ? message : "(no message)");
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  const bytes = String.UTF8.encode(text);
  log(LOG_ERROR, changetype<usize>(bytes), <u32>bytes.byteLength);
  unreachable();
}
