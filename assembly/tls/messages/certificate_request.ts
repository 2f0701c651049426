// CertificateRequest (RFC 8446 §4.3.2): empty context, signature_algorithms = ours only, no
// certificate_authorities (MigTD's server sends an empty CA list, migtd.md §2.4).
import { TlsReader, TlsWriter } from "../codec";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { Problem } from "../problem";
import { readExtensions, writeExtension, u16List, readU16List, contains } from "./extensions";
import { frame } from "./handshake";

export function buildCertificateRequest(): Uint8Array {
  const w = new TlsWriter(32);
  w.u8(0); // certificate_request_context<0..2^8-1> = empty during the handshake
  const t = w.begin(2);
  writeExtension(w, K.EXT_SIGNATURE_ALGORITHMS, u16List([K.SIG_ECDSA_SECP384R1_SHA384], 2));
  w.end(t);
  return frame(K.HT_CERTIFICATE_REQUEST, w.finish());
}

// Checks a server's request: empty context (§4.3.2 "SHALL be zero length" in the main handshake),
// a signature_algorithms extension (required) that includes ecdsa_secp384r1_sha384.
export function checkCertificateRequest(body: Uint8Array, p: Problem): void {
  const r = new TlsReader(body);
  const ctx = r.bytes8();
  if (r.failed) { p.set(TlsErrorCode.DecodeError, "malformed CertificateRequest"); return; }
  const exts = readExtensions(r, p);
  if (!p.ok) return;
  if (!r.done()) { p.set(TlsErrorCode.DecodeError, "malformed CertificateRequest"); return; }
  if (ctx.length != 0) { p.set(TlsErrorCode.IllegalParameter, "CertificateRequest with a context in the handshake"); return; }
  const sa = exts.find(K.EXT_SIGNATURE_ALGORITHMS);
  if (sa === null) { p.set(TlsErrorCode.MissingExtension, "CertificateRequest without signature_algorithms"); return; }
  const list = readU16List(sa, 2);
  if (list === null) { p.set(TlsErrorCode.DecodeError, "malformed signature_algorithms"); return; }
  if (!contains(list, K.SIG_ECDSA_SECP384R1_SHA384)) p.set(TlsErrorCode.NoCommonSignature, "server does not accept ecdsa_secp384r1_sha384");
}
