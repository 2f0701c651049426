// ServerHello and HelloRetryRequest (RFC 8446 §4.1.3-4.1.4).
import { TlsReader, TlsWriter } from "../codec";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { Problem } from "../problem";
import { ExtensionList, readExtensions, writeExtension, u16Body, keyShareEntry } from "./extensions";
import { frame } from "./handshake";

function hello(random: Uint8Array, sessionId: Uint8Array, keyShareBody: Uint8Array): Uint8Array {
  const w = new TlsWriter(256);
  w.u16(K.VERSION_TLS12);
  w.bytes(random);
  w.bytes8(sessionId); // legacy_session_id_echo
  w.u16(K.SUITE_AES_256_GCM_SHA384);
  w.u8(0);
  const ext = w.begin(2);
  writeExtension(w, K.EXT_SUPPORTED_VERSIONS, u16Body(K.VERSION_TLS13));
  writeExtension(w, K.EXT_KEY_SHARE, keyShareBody);
  w.end(ext);
  return frame(K.HT_SERVER_HELLO, w.finish());
}

export function buildServerHello(random: Uint8Array, sessionId: Uint8Array, ourShare: Uint8Array): Uint8Array {
  return hello(random, sessionId, keyShareEntry(K.GROUP_SECP384R1, ourShare));
}

// A HelloRetryRequest asking for a secp384r1 key share (§4.1.4, §4.2.8: KeyShareHelloRetryRequest
// is just the selected group).
export function buildHelloRetryRequest(sessionId: Uint8Array): Uint8Array {
  const random = new Uint8Array(K.RANDOM_LEN);
  for (let i = 0; i < K.RANDOM_LEN; i++) random[i] = K.HRR_RANDOM[i];
  return hello(random, sessionId, u16Body(K.GROUP_SECP384R1));
}

export class ServerHello {
  legacyVersion: u16 = 0;
  random: Uint8Array = new Uint8Array(0);
  sessionId: Uint8Array = new Uint8Array(0);
  suite: u16 = 0;
  compression: u8 = 0;
  exts: ExtensionList = new ExtensionList();

  get isRetryRequest(): bool {
    if (this.random.length != K.RANDOM_LEN) return false;
    for (let i = 0; i < K.RANDOM_LEN; i++) if (this.random[i] != K.HRR_RANDOM[i]) return false;
    return true;
  }
}

export function parseServerHello(body: Uint8Array, p: Problem): ServerHello | null {
  const r = new TlsReader(body);
  const sh = new ServerHello();
  sh.legacyVersion = <u16>r.u16();
  sh.random = r.bytes(K.RANDOM_LEN);
  sh.sessionId = r.bytes8();
  sh.suite = <u16>r.u16();
  sh.compression = <u8>r.u8();
  if (r.failed) { p.set(TlsErrorCode.DecodeError, "malformed ServerHello"); return null; }
  // A TLS 1.2 ServerHello may omit its extensions; that is a version problem, found by the caller.
  if (!r.atEnd()) sh.exts = readExtensions(r, p);
  if (!p.ok) return null;
  if (!r.done()) { p.set(TlsErrorCode.DecodeError, "trailing bytes in ServerHello"); return null; }
  return sh;
}
