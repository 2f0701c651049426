// The TD quote body (tdx-abi.md §5.2, offsets relative to the body): TD 1.0 is 584 bytes; TD 1.5
// (v5 body type 3, §5.3) appends TEE_TCB_SVN2[16] and MRSERVICETD[48]. The caller has checked
// the length, so reads here cannot fail.
import { Reader } from "../util/reader";

export const TD10_BODY_LEN: i32 = 584;
export const TD15_BODY_LEN: i32 = 648;

// The value of each field until parsing sets it: all zero, of the field's size, shared by every
// body (these arrays are never written; a quote's body is parsed once per verification, and 26
// fresh allocations per body were measurable).
const ZERO8 = new Uint8Array(8);
const ZERO16 = new Uint8Array(16);
const ZERO48 = new Uint8Array(48);
const ZERO64 = new Uint8Array(64);
const NO_BYTES = new Uint8Array(0);

export class TdBody {
  teeTcbSvn: Uint8Array = ZERO16;
  mrSeam: Uint8Array = ZERO48;
  mrSignerSeam: Uint8Array = ZERO48;
  seamAttributes: Uint8Array = ZERO8;
  tdAttributes: Uint8Array = ZERO8;
  xfam: Uint8Array = ZERO8;
  mrtd: Uint8Array = ZERO48;
  mrConfigId: Uint8Array = ZERO48;
  mrOwner: Uint8Array = ZERO48;
  mrOwnerConfig: Uint8Array = ZERO48;
  rtmr: Uint8Array[] = [];
  reportData: Uint8Array = ZERO64;
  isTd15: bool = false;
  teeTcbSvn2: Uint8Array = NO_BYTES;
  mrServiceTd: Uint8Array = NO_BYTES;
}

export function parseTdBody(b: Uint8Array, td15: bool): TdBody {
  const r = new Reader(b);
  const t = new TdBody();
  t.teeTcbSvn = r.bytes(16);
  t.mrSeam = r.bytes(48);
  t.mrSignerSeam = r.bytes(48);
  t.seamAttributes = r.bytes(8);
  t.tdAttributes = r.bytes(8);
  t.xfam = r.bytes(8);
  t.mrtd = r.bytes(48);
  t.mrConfigId = r.bytes(48);
  t.mrOwner = r.bytes(48);
  t.mrOwnerConfig = r.bytes(48);
  for (let i = 0; i < 4; i++) t.rtmr.push(r.bytes(48));
  t.reportData = r.bytes(64);
  if (td15) {
    t.isTd15 = true;
    t.teeTcbSvn2 = r.bytes(16);
    t.mrServiceTd = r.bytes(48);
  }
  return t;
}
