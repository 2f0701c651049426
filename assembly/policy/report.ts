// The verified report ("supplemental data", spec migtd.md §2.6): the 822-byte packed structure the
// quote verifier returns, and the bytes each policy property name selects from it (§3.1 table).
import { BlockKind } from "./model";

export const VERIFIED_REPORT_SIZE: i32 = 822;

class Field {
  constructor(public name: string, public offset: i32, public length: i32) {}
}

const PLATFORM_FIELDS: Field[] = [
  new Field("fmspc", 584, 6),
  new Field("sgxtcbcomponents", 608, 16),
  new Field("pcesvn", 606, 2),
  new Field("tdxtcbcomponents", 590, 16),
];

// MRENCLAVE (666..698) is in the report but MigTD maps no policy name to it: using it fails.
const QE_FIELDS: Field[] = [
  new Field("MISCSELECT", 626, 4),
  new Field("ATTRIBUTES", 634, 16),
  new Field("MRSIGNER", 698, 32),
  new Field("ISVPRODID", 730, 2),
  new Field("ISVSVN", 732, 2),
];

const TDX_MODULE_FIELDS: Field[] = [
  new Field("TDXModuleMajorVersion", 624, 1),
  new Field("TDXModuleSVN", 625, 1),
  new Field("MRSEAM", 16, 48),
  new Field("MRSIGNERSEAM", 64, 48),
  new Field("ATTRIBUTES", 112, 8),
];

const MIGTD_FIELDS: Field[] = [
  new Field("ATTRIBUTES", 120, 8),
  new Field("XFAM", 128, 8),
  new Field("MRTD", 136, 48),
  new Field("MRCONFIGID", 184, 48),
  new Field("MROWNER", 232, 48),
  new Field("MROWNERCONFIG", 280, 48),
  new Field("RTMR0", 328, 48),
  new Field("RTMR1", 376, 48),
  new Field("RTMR2", 424, 48),
  new Field("RTMR3", 472, 48),
];

function fieldsOf(kind: BlockKind): Field[] {
  switch (kind) {
    case BlockKind.Platform: return PLATFORM_FIELDS;
    case BlockKind.Qe: return QE_FIELDS;
    case BlockKind.TdxModule: return TDX_MODULE_FIELDS;
    default: return MIGTD_FIELDS;
  }
}

// Byte length of the named field, or -1 when the name is not one MigTD knows for this block.
export function fieldLength(kind: BlockKind, name: string): i32 {
  const fields = fieldsOf(kind);
  for (let i = 0; i < fields.length; i++) if (fields[i].name == name) return fields[i].length;
  return -1;
}

// A checked view of one verified report.
export class VerifiedReport {
  constructor(public bytes: Uint8Array) {}

  static isValidSize(b: Uint8Array): bool {
    return b.length == VERIFIED_REPORT_SIZE;
  }

  // The bytes of a named property, or null when the name is unknown for this block kind.
  field(kind: BlockKind, name: string): Uint8Array | null {
    const fields = fieldsOf(kind);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f.name == name) return this.bytes.slice(f.offset, f.offset + f.length);
    }
    return null;
  }

  fmspc(): Uint8Array {
    return this.bytes.slice(584, 590);
  }

  rtmr(i: i32): Uint8Array {
    return this.bytes.slice(328 + 48 * i, 376 + 48 * i);
  }
}
