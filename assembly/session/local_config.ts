// What this MigTD was enrolled with, read once at boot through config_read (docs/abi.md): the
// migration policy, the root CA its peers' quotes must chain to, and its own event log (the
// firmware's CCEL, which the peer replays against our quote; migtd.md §2.4, §5.3).
import { config_read, CONFIG_POLICY, CONFIG_ROOT_CA, CONFIG_EVENT_LOG } from "../abi";
import { Certificate, parseCertificate } from "../x509/cert";
import { parseCcelResult } from "../eventlog/ccel";
import { logInfo, logWarn } from "../util/log";

// Enrolled items larger than this are refused (the config volume is 128 KiB in Intel's layout,
// the event log region 1 MiB).
const MAX_ITEM: i32 = 1 << 20;

function readItem(kind: u32): Uint8Array | null {
  let buf = new Uint8Array(4096);
  let n = config_read(kind, buf.dataStart, <u32>buf.length);
  if (n < 0) return null;
  if (n > buf.length) {
    if (n > MAX_ITEM) return null;
    buf = new Uint8Array(n);
    n = config_read(kind, buf.dataStart, <u32>buf.length);
    if (n != buf.length) return null;
  }
  return buf.slice(0, n);
}

export class LocalConfig {
  policy: Uint8Array | null = null;
  rootCa: Certificate | null = null;
  // Our CCEL cut right after its last event (the exported copy adds MigTD's trailing byte).
  eventLog: Uint8Array | null = null;
  problem: string = "";

  static load(): LocalConfig {
    const c = new LocalConfig();
    c.policy = readItem(CONFIG_POLICY);
    const root = readItem(CONFIG_ROOT_CA);
    if (root !== null) {
      const parsed = parseCertificate(root);
      c.rootCa = parsed.cert;
      if (parsed.cert === null) c.problem = "enrolled root CA does not parse: " + parsed.error;
    }
    const log = readItem(CONFIG_EVENT_LOG);
    if (log !== null) {
      const parsed = parseCcelResult(log);
      if (parsed.log !== null) c.eventLog = log.slice(0, parsed.log!.endOffset);
      else c.problem = "own event log does not parse: " + parsed.error;
    }
    if (c.policy === null) c.problem = "no migration policy enrolled";
    else if (root === null) c.problem = "no root CA enrolled";
    else if (log === null) c.problem = "no event log available";
    if (c.problem.length > 0) logWarn("config: " + c.problem + "; pre-migrations will fail");
    else logInfo("config: policy " + c.policy!.length.toString() + " bytes, root CA, event log " + c.eventLog!.length.toString() + " bytes");
    return c;
  }

  get ready(): bool { return this.problem.length == 0; }
}
