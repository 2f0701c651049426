// Certificate (RFC 8446 §4.4.2): certificate_request_context, then CertificateEntry list
// (cert_data<1..2^24-1>, extensions<0..2^16-1>). MigTD's chain is one self-signed certificate
// (migtd.md §2.4); only the first (end-entity) entry is used, further entries are ignored.
import { TlsReader, TlsWriter } from "../codec";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { Problem } from "../problem";
import { frame } from "./handshake";

export function buildCertificate(certDer: Uint8Array): Uint8Array {
  const w = new TlsWriter(certDer.length + 16);
  w.u8(0); // context: empty in the handshake
  const list = w.begin(3);
  w.bytes24(certDer);
  w.u16(0); // no per-certificate extensions
  w.end(list);
  return frame(K.HT_CERTIFICATE, w.finish());
}

// The end-entity certificate; an empty Uint8Array when the list is empty (the caller decides
// which alert that is); null when malformed.
export function parseCertificate(body: Uint8Array, p: Problem): Uint8Array | null {
  const r = new TlsReader(body);
  const ctx = r.bytes8();
  const list = r.vec24();
  if (!r.done()) { p.set(TlsErrorCode.DecodeError, "malformed Certificate"); return null; }
  if (ctx.length != 0) { p.set(TlsErrorCode.IllegalParameter, "Certificate with a context in the handshake"); return null; }
  let first: Uint8Array | null = null;
  while (!list.failed && !list.atEnd()) {
    const cert = list.bytes24();
    list.bytes16(); // extensions: none requested, none interpreted
    if (list.failed) break;
    if (cert.length == 0) { p.set(TlsErrorCode.DecodeError, "empty certificate entry"); return null; }
    if (first === null) first = cert;
  }
  if (list.failed) { p.set(TlsErrorCode.DecodeError, "malformed certificate_list"); return null; }
  return first === null ? new Uint8Array(0) : first.slice();
}
