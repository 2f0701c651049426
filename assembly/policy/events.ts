// The events a v1 policy can name (spec migtd.md §3.1 table, §5.3 event-name mapping), read from
// a parsed CCEL the way MigTD reads them: one entry per name, a later event replacing an earlier
// one; only MigTdCoreSvn carries data (the SVN bytes), the others are compared by digest.
// A record too short for MigTD to read makes the whole log invalid.
import { CcelLog, EV_EFI_PLATFORM_FIRMWARE_BLOB2, EV_EVENT_TAG, EV_PLATFORM_CONFIG_FLAGS } from "../eventlog/ccel";

export const EVENT_TD_SHIM = "Digest.TdShim"; // accepted, but no event ever maps to it
export const EVENT_SECURE_BOOT_KEY = "Digest.SecureBootKey";
export const EVENT_MIGTD_CORE = "Digest.MigTdCore";
export const EVENT_MIGTD_CORE_SVN = "Digest.MigTdCoreSvn";
export const EVENT_MIGTD_POLICY = "Digest.MigTdPolicy";
export const EVENT_SGX_ROOT_KEY = "Digest.MigTdSgxRootKey";
// Tag 3 (policy v2 issuer chain) is recorded under a name no v1 policy can spell.
const EVENT_POLICY_SIGNER = "(MigTdPolicySigner)";

export function isKnownEventName(name: string): bool {
  return name == EVENT_TD_SHIM || name == EVENT_SECURE_BOOT_KEY || name == EVENT_MIGTD_CORE ||
    name == EVENT_MIGTD_CORE_SVN || name == EVENT_MIGTD_POLICY || name == EVENT_SGX_ROOT_KEY;
}

const BLOB2_PAYLOAD = "td_payload\0";
const CONFIG_SECURE_AUTHORITY = "secure_authority";
const CONFIG_SVN = "td_payload_svn\0";
const TAG_POLICY: u32 = 1;
const TAG_ROOT_CA: u32 = 2;
const TAG_POLICY_SIGNER: u32 = 3;

export class NamedEvent {
  constructor(public name: string, public digest: Uint8Array, public data: Uint8Array | null) {}
}

export class EventMap {
  events: NamedEvent[] = [];

  get(name: string): NamedEvent | null {
    for (let i = 0; i < this.events.length; i++) if (this.events[i].name == name) return this.events[i];
    return null;
  }

  put(e: NamedEvent): void {
    for (let i = 0; i < this.events.length; i++) {
      if (this.events[i].name == e.name) {
        this.events[i] = e;
        return;
      }
    }
    this.events.push(e);
  }
}

// null when a record MigTD would need to read is malformed.
export function eventMapOf(log: CcelLog): EventMap | null {
  const map = new EventMap();
  for (let i = 0; i < log.events.length; i++) {
    const ev = log.events[i];
    const d = ev.data;
    if (ev.eventType == EV_EFI_PLATFORM_FIRMWARE_BLOB2) {
      if (d.length < 1) return null;
      const n = <i32>d[0];
      if (1 + n > d.length) return null;
      if (n == BLOB2_PAYLOAD.length && startsWith(d, 1, BLOB2_PAYLOAD)) {
        map.put(new NamedEvent(EVENT_MIGTD_CORE, ev.digest, null));
      }
    } else if (ev.eventType == EV_PLATFORM_CONFIG_FLAGS) {
      if (startsWith(d, 0, CONFIG_SECURE_AUTHORITY)) {
        map.put(new NamedEvent(EVENT_SECURE_BOOT_KEY, ev.digest, null));
      } else if (startsWith(d, 0, CONFIG_SVN)) {
        if (d.length < 20) return null;
        const info = <u32>d[16] | (<u32>d[17] << 8) | (<u32>d[18] << 16) | (<u32>d[19] << 24);
        if (<u64>d.length < 20 + <u64>info) return null;
        map.put(new NamedEvent(EVENT_MIGTD_CORE_SVN, ev.digest, d.slice(20, 20 + <i32>info)));
      }
    } else if (ev.eventType == EV_EVENT_TAG) {
      if (d.length < 4) return null;
      const tag = <u32>d[0] | (<u32>d[1] << 8) | (<u32>d[2] << 16) | (<u32>d[3] << 24);
      if (tag == TAG_POLICY) map.put(new NamedEvent(EVENT_MIGTD_POLICY, ev.digest, null));
      else if (tag == TAG_ROOT_CA) map.put(new NamedEvent(EVENT_SGX_ROOT_KEY, ev.digest, null));
      else if (tag == TAG_POLICY_SIGNER) map.put(new NamedEvent(EVENT_POLICY_SIGNER, ev.digest, null));
    }
  }
  return map;
}

function startsWith(b: Uint8Array, off: i32, s: string): bool {
  if (off + s.length > b.length) return false;
  for (let i = 0; i < s.length; i++) if (<i32>b[off + i] != s.charCodeAt(i)) return false;
  return true;
}
