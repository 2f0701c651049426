// The verified report ("supplemental data", spec migtd.md §2.6; layout in report_layout.ts): the
// bytes each policy property name selects from it (§3.1 table).
import { BlockKind } from "./model";
import {
  VERIFIED_REPORT_SIZE, VR_FMSPC, VR_MEASUREMENT_SIZE, VR_MRCONFIGID, VR_MROWNER, VR_MROWNERCONFIG, VR_MRSEAM,
  VR_MRSIGNERSEAM, VR_MRTD, VR_PCE_SVN, VR_QE_ATTRIBUTES, VR_QE_ISVPRODID, VR_QE_ISVSVN, VR_QE_MISCSELECT,
  VR_QE_MRSIGNER, VR_RTMR0, VR_SEAM_ATTRIBUTES, VR_SGX_TCB_COMPONENTS, VR_TD_ATTRIBUTES, VR_TDX_MODULE_MAJOR,
  VR_TDX_MODULE_SVN, VR_TDX_TCB_COMPONENTS, VR_XFAM,
} from "./report_layout";

class Field {
  constructor(public name: string, public offset: i32, public length: i32) {}
}

const PLATFORM_FIELDS: Field[] = [
  new Field("fmspc", VR_FMSPC, 6),
  new Field("sgxtcbcomponents", VR_SGX_TCB_COMPONENTS, 16),
  new Field("pcesvn", VR_PCE_SVN, 2),
  new Field("tdxtcbcomponents", VR_TDX_TCB_COMPONENTS, 16),
];

// MRENCLAVE is in the report but MigTD maps no policy name to it: using it fails.
const QE_FIELDS: Field[] = [
  new Field("MISCSELECT", VR_QE_MISCSELECT, 4),
  new Field("ATTRIBUTES", VR_QE_ATTRIBUTES, 16),
  new Field("MRSIGNER", VR_QE_MRSIGNER, 32),
  new Field("ISVPRODID", VR_QE_ISVPRODID, 2),
  new Field("ISVSVN", VR_QE_ISVSVN, 2),
];

const TDX_MODULE_FIELDS: Field[] = [
  new Field("TDXModuleMajorVersion", VR_TDX_MODULE_MAJOR, 1),
  new Field("TDXModuleSVN", VR_TDX_MODULE_SVN, 1),
  new Field("MRSEAM", VR_MRSEAM, 48),
  new Field("MRSIGNERSEAM", VR_MRSIGNERSEAM, 48),
  new Field("ATTRIBUTES", VR_SEAM_ATTRIBUTES, 8),
];

const MIGTD_FIELDS: Field[] = [
  new Field("ATTRIBUTES", VR_TD_ATTRIBUTES, 8),
  new Field("XFAM", VR_XFAM, 8),
  new Field("MRTD", VR_MRTD, 48),
  new Field("MRCONFIGID", VR_MRCONFIGID, 48),
  new Field("MROWNER", VR_MROWNER, 48),
  new Field("MROWNERCONFIG", VR_MROWNERCONFIG, 48),
  new Field("RTMR0", VR_RTMR0, 48),
  new Field("RTMR1", VR_RTMR0 + VR_MEASUREMENT_SIZE, 48),
  new Field("RTMR2", VR_RTMR0 + 2 * VR_MEASUREMENT_SIZE, 48),
  new Field("RTMR3", VR_RTMR0 + 3 * VR_MEASUREMENT_SIZE, 48),
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
    return this.bytes.slice(VR_FMSPC, VR_FMSPC + 6);
  }

  rtmr(i: i32): Uint8Array {
    const off = VR_RTMR0 + VR_MEASUREMENT_SIZE * i;
    return this.bytes.slice(off, off + VR_MEASUREMENT_SIZE);
  }
}
