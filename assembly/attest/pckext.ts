// The Intel SGX extension of PCK certificates (OID 1.2.840.113741.1.13.1; Intel "SGX PCK
// Certificate and CRL Profile" §1.3.5): SEQUENCE OF SEQUENCE { OID, value }. We need the TCB
// (16 SGX component SVNs, PCESVN, CPUSVN), PCE-ID and FMSPC for TCB evaluation and policy.
import { DerReader } from "../der/reader";
import { TAG_SEQUENCE, TAG_INTEGER } from "../der/tags";
import { OID_SGX_EXTENSIONS, OID_SGX_TCB, OID_SGX_PCEID, OID_SGX_FMSPC, OID_SGX_PCESVN, OID_SGX_CPUSVN } from "../der/oid";
import { Certificate } from "../x509/cert";
import { findExtension } from "../x509/extensions";

export class PckInfo {
  fmspc: Uint8Array = new Uint8Array(0); // 6
  pceId: Uint8Array = new Uint8Array(0); // 2
  cpuSvn: Uint8Array = new Uint8Array(0); // 16
  pceSvn: i32 = -1;
  sgxComponents: i32[] = []; // 16
}

export class PckParse {
  info: PckInfo | null = null;
  error: string = "";
}

function failed(msg: string): PckParse {
  const p = new PckParse();
  p.error = msg;
  return p;
}

export function parsePckExtension(cert: Certificate): PckParse {
  const ext = findExtension(cert, OID_SGX_EXTENSIONS);
  if (ext === null) return failed("PCK certificate has no Intel SGX extension");
  const info = new PckInfo();
  for (let i = 0; i < 16; i++) info.sgxComponents.push(-1);
  const top = DerReader.of(ext.value);
  const seq = top.sub(TAG_SEQUENCE);
  top.finish("SGX extension");
  while (!seq.failed && !seq.atEnd()) {
    const item = seq.sub(TAG_SEQUENCE);
    const oid = item.oid();
    if (oid == OID_SGX_FMSPC) {
      const v = item.octetString();
      if (v !== null) info.fmspc = v.slice();
    } else if (oid == OID_SGX_PCEID) {
      const v = item.octetString();
      if (v !== null) info.pceId = v.slice();
    } else if (oid == OID_SGX_TCB) {
      const tcb = item.sub(TAG_SEQUENCE);
      parseTcb(tcb, info);
      item.absorb(tcb);
    } else {
      item.skip(); // PPID, SGX type, platform instance id, configuration: not needed
    }
    item.finish("SGX extension item");
    seq.absorb(item);
  }
  top.absorb(seq);
  if (top.failed) return failed(top.error);
  if (info.fmspc.length != 6) return failed("PCK extension: FMSPC missing or not 6 bytes");
  if (info.pceId.length != 2) return failed("PCK extension: PCE-ID missing or not 2 bytes");
  if (info.cpuSvn.length != 16 || info.pceSvn < 0) return failed("PCK extension: TCB incomplete");
  for (let i = 0; i < 16; i++) if (info.sgxComponents[i] < 0) return failed("PCK extension: TCB component missing");
  const out = new PckParse();
  out.info = info;
  return out;
}

// TCB ::= SEQUENCE OF SEQUENCE { OID (…13.1.2.n), INTEGER | OCTET STRING }: n = 1..16 component
// SVNs, 17 PCESVN, 18 CPUSVN.
function parseTcb(r: DerReader, info: PckInfo): void {
  const prefix = OID_SGX_TCB + ".";
  while (!r.failed && !r.atEnd()) {
    // Each item is read in place (enter/leave), not with a reader of its own.
    const outer = r.enter(TAG_SEQUENCE);
    const oid = r.oid();
    if (oid == OID_SGX_CPUSVN) {
      const v = r.octetString();
      if (v !== null) info.cpuSvn = v.slice();
    } else if (oid == OID_SGX_PCESVN) {
      info.pceSvn = r.smallInt();
    } else if (oid.startsWith(prefix) && r.peekTag() == TAG_INTEGER) {
      const n = I32.parseInt(oid.substring(prefix.length));
      const v = r.smallInt();
      if (n >= 1 && n <= 16) info.sgxComponents[n - 1] = v;
    } else {
      r.skip();
    }
    r.leave(outer, "TCB item");
  }
}
