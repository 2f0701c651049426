// The TD event log (CCEL): TCG crypto-agile format with a CC MR index in place of the PCR.
// Layout: tdx-abi.md §6.2 (spec-ID header = TCG_PCR_EVENT, then TCG_PCR_EVENT2 records);
// MR index -> RTMR mapping and replay: tdx-abi.md §6.3, migtd.md §5.3.
//
// Parsing never traps: every problem is a CcelParse with `error` set. The log is read up to its
// logical end (see `isLogEnd`), so the zero or 0xFF fill of a fixed-size log area is ignored.
import { Reader } from "../util/reader";
import { replayRtmrs } from "./replay";

export const EV_NO_ACTION: u32 = 0x3;
export const EV_SEPARATOR: u32 = 0x4;
export const EV_EVENT_TAG: u32 = 0x6;
export const EV_PLATFORM_CONFIG_FLAGS: u32 = 0xa;
export const EV_EFI_PLATFORM_FIRMWARE_BLOB2: u32 = 0x8000000a;

export const TPM_ALG_SHA384: u16 = 0x000c;
export const SHA384_LEN: i32 = 48;

// Bounds on what a log may declare. A full 1 MiB td-shim log area holds at most
// 1 MiB / 66 B (the smallest record) ~ 16 K events; the spec-ID event lists one algorithm in every
// TDX log we know, TCG allows a handful.
export const CCEL_MAX_EVENTS: i32 = 16384;
export const CCEL_MAX_ALGORITHMS: u32 = 8;
// A single event's data may not exceed the largest log area (td-shim: 1 MiB).
export const CCEL_MAX_EVENT_SIZE: u32 = 0x100000;

const SPEC_ID_SIGNATURE = "Spec ID Event03";

export class CcelEvent {
  mrIndex: u32 = 0;
  eventType: u32 = 0;
  digest: Uint8Array = new Uint8Array(0); // SHA-384, 48 bytes
  data: Uint8Array = new Uint8Array(0);
  offset: i32 = 0; // where the record starts in the log
}

export class CcelLog {
  events: CcelEvent[] = [];
  rtmr: Uint8Array[] = []; // RTMR0..3 replayed, 4 x 48 bytes
  headerMrIndex: u32 = 0;
  specIdSize: u32 = 0;
  vendorInfo: Uint8Array = new Uint8Array(0);
  endOffset: i32 = 0; // first byte after the last record
}

export class CcelParse {
  log: CcelLog | null = null;
  error: string = "";
}

class AlgSize {
  constructor(public alg: u16, public size: i32) {}
}

function fail(msg: string): CcelParse {
  const r = new CcelParse();
  r.error = msg;
  return r;
}

// Parses the log and replays it. null on any error; use parseCcelResult for the reason.
export function parseCcel(bytes: Uint8Array): CcelLog | null {
  return parseCcelResult(bytes).log;
}

export function parseCcelResult(bytes: Uint8Array): CcelParse {
  const r = new Reader(bytes);
  const log = new CcelLog();

  // Header: TCG_PCR_EVENT {pcr u32, type u32 = EV_NO_ACTION, digest[20], size u32} + SpecIdEvent.
  log.headerMrIndex = r.u32();
  const hType = r.u32();
  r.skip(20);
  const specSize = r.u32();
  if (r.failed) return fail("event log shorter than its spec-ID header");
  if (hType != EV_NO_ACTION) return fail("first event is not EV_NO_ACTION (spec-ID event)");
  if (specSize > <u32>r.remaining) return fail("spec-ID event runs past the end of the log");
  log.specIdSize = specSize;
  const algs = new Array<AlgSize>();
  const specErr = parseSpecId(r.sub(<i32>specSize), algs, log);
  if (specErr.length > 0) return fail(specErr);

  let shaIdx = -1;
  for (let i = 0; i < algs.length; i++) if (algs[i].alg == TPM_ALG_SHA384) shaIdx = i;
  if (shaIdx < 0) return fail("spec-ID event does not list SHA-384");

  while (true) {
    const start = r.pos;
    if (isLogEnd(r)) break;
    if (log.events.length >= CCEL_MAX_EVENTS) return fail("too many events");
    const ev = new CcelEvent();
    ev.offset = start;
    ev.mrIndex = r.u32();
    ev.eventType = r.u32();
    const count = r.u32();
    if (count == 0 || count > <u32>algs.length) return fail("bad digest count at offset " + start.toString());
    let found = false;
    for (let i: u32 = 0; i < count; i++) {
      const alg = <u16>r.u16();
      const size = sizeOf(algs, alg);
      if (size < 0) return fail("digest algorithm not declared in the spec-ID event at offset " + start.toString());
      const d = r.bytes(size);
      if (alg == TPM_ALG_SHA384) {
        ev.digest = d;
        found = true;
      }
    }
    const size = r.u32();
    // A record that runs past the buffer ends the log (tdx-abi.md §6.2): the area may be cut.
    if (r.failed || size > <u32>r.remaining) {
      r.pos = start;
      break;
    }
    if (size == 0) {
      r.pos = start;
      break;
    }
    if (!found) return fail("event without a SHA-384 digest at offset " + start.toString());
    ev.data = r.bytes(<i32>size);
    log.events.push(ev);
  }
  log.endOffset = r.pos;

  const replayErr = replayRtmrs(log);
  if (replayErr.length > 0) return fail(replayErr);
  const out = new CcelParse();
  out.log = log;
  return out;
}

// TCG_EfiSpecIdEvent: signature[16], platformClass u32, minor, major, errata, uintnSize (u8 each),
// numberOfAlgorithms u32, {algorithmId u16, digestSize u16}[n], vendorInfoSize u8, vendorInfo.
// The event must be consumed exactly (no trailing bytes).
function parseSpecId(r: Reader, algs: Array<AlgSize>, log: CcelLog): string {
  const sig = r.take(16);
  r.skip(4 + 4);
  const n = r.u32();
  if (r.failed) return "spec-ID event too short";
  for (let i = 0; i < 15; i++) if (<i32>sig[i] != SPEC_ID_SIGNATURE.charCodeAt(i)) return "bad spec-ID signature";
  if (sig[15] != 0) return "bad spec-ID signature";
  if (n == 0 || n > CCEL_MAX_ALGORITHMS) return "bad number of algorithms in the spec-ID event";
  for (let i: u32 = 0; i < n; i++) {
    const alg = <u16>r.u16();
    const size = <i32>r.u16();
    if (r.failed) return "spec-ID algorithm list truncated";
    if (alg == TPM_ALG_SHA384 && size != SHA384_LEN) return "SHA-384 declared with a wrong digest size";
    if (size == 0 || size > 64) return "bad digest size in the spec-ID event";
    algs.push(new AlgSize(alg, size));
  }
  const vlen = <i32>r.u8();
  log.vendorInfo = r.bytes(vlen);
  if (r.failed) return "spec-ID vendor info truncated";
  if (r.remaining != 0) return "trailing bytes in the spec-ID event";
  return "";
}

function sizeOf(algs: Array<AlgSize>, alg: u16): i32 {
  for (let i = 0; i < algs.length; i++) if (algs[i].alg == alg) return algs[i].size;
  return -1;
}

// The logical end of the log: fewer bytes than a record header needs, or the fill of an unused
// log area (td-shim pre-fills 0xFF; some areas are zeroed: both give an MR index and event type
// that no real record has).
function isLogEnd(r: Reader): bool {
  if (r.remaining < 12) return true;
  const p = r.data.dataStart + <usize>r.pos;
  const mr = load<u32>(p);
  const ty = load<u32>(p + 4);
  if (mr == 0xffffffff && ty == 0xffffffff) return true;
  if (mr == 0 && ty == 0 && load<u32>(p + 8) == 0) return true;
  return false;
}
