// EncryptedExtensions (RFC 8446 §4.3.1). This server sends none; this client accepts the ones a
// server may legitimately echo and refuses those that belong in a ServerHello or to features
// never offered.
import { TlsReader } from "../codec";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { Problem } from "../problem";
import { readExtensions } from "./extensions";
import { frame } from "./handshake";

export function buildEncryptedExtensions(): Uint8Array {
  const body = new Uint8Array(2); // extensions<0..2^16-1> = empty
  return frame(K.HT_ENCRYPTED_EXTENSIONS, body);
}

export function checkEncryptedExtensions(body: Uint8Array, p: Problem): void {
  const r = new TlsReader(body);
  const exts = readExtensions(r, p);
  if (!p.ok) return;
  if (!r.done()) { p.set(TlsErrorCode.DecodeError, "malformed EncryptedExtensions"); return; }
  for (let i = 0; i < exts.items.length; i++) {
    const t = exts.items[i].type;
    // §4.2 table: these are never allowed in EncryptedExtensions; early_data was not offered.
    if (t == K.EXT_KEY_SHARE || t == K.EXT_SUPPORTED_VERSIONS || t == K.EXT_PRE_SHARED_KEY ||
        t == K.EXT_SIGNATURE_ALGORITHMS || t == K.EXT_COOKIE || t == K.EXT_PSK_KEY_EXCHANGE_MODES ||
        t == K.EXT_EARLY_DATA) {
      p.set(TlsErrorCode.UnsupportedExtension, "extension " + t.toString() + " in EncryptedExtensions");
      return;
    }
  }
}
