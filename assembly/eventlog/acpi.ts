// The ACPI CCEL table (tdx-abi.md §6.1): where the log lives. 56 bytes, revision 1, checksum over
// the whole table = 0, CC type 2 (TDX).
import { Reader } from "../util/reader";

export const CCEL_TABLE_LEN: u32 = 56;

export class CcelTable {
  revision: u32 = 0;
  ccType: u32 = 0;
  ccSubtype: u32 = 0;
  laml: u64 = 0; // log area minimum length
  lasa: u64 = 0; // log area start address (GPA)
  oemId: Uint8Array = new Uint8Array(0);
}

export class CcelTableParse {
  table: CcelTable | null = null;
  error: string = "";
}

export function parseCcelTable(b: Uint8Array): CcelTableParse {
  const out = new CcelTableParse();
  const r = new Reader(b);
  const sig = r.take(4);
  const len = r.u32();
  const t = new CcelTable();
  t.revision = r.u8();
  r.skip(1); // checksum
  t.oemId = r.bytes(6);
  r.skip(8 + 4 + 4 + 4); // OEM table id, OEM revision, creator id, creator revision
  t.ccType = r.u8();
  t.ccSubtype = r.u8();
  r.skip(2);
  t.laml = r.u64();
  t.lasa = r.u64();
  if (r.failed) {
    out.error = "CCEL table shorter than 56 bytes";
    return out;
  }
  if (sig[0] != 0x43 || sig[1] != 0x43 || sig[2] != 0x45 || sig[3] != 0x4c) {
    out.error = "not a CCEL table (signature)";
    return out;
  }
  if (len != CCEL_TABLE_LEN || <u32>b.length < len) {
    out.error = "CCEL table length is not 56";
    return out;
  }
  let sum: u32 = 0;
  for (let i = 0; i < <i32>len; i++) sum += <u32>b[i];
  if ((sum & 0xff) != 0) {
    out.error = "CCEL table checksum mismatch";
    return out;
  }
  if (t.ccType != 2) {
    out.error = "CCEL table CC type is not TDX (2)";
    return out;
  }
  out.table = t;
  return out;
}
