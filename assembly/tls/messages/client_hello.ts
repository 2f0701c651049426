// ClientHello (RFC 8446 §4.1.2): what this client sends and what this server reads.
import { TlsReader, TlsWriter } from "../codec";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { Problem } from "../problem";
import { ExtensionList, readExtensions, writeExtension, u16List, keyShareEntry, serverNameBody } from "./extensions";
import { frame } from "./handshake";

// Our ClientHello: TLS 1.3 only, one suite, one group, one signature scheme. `keyShare` is our
// secp384r1 public point, or null for an empty key_share (the server must then send a
// HelloRetryRequest). `cookie` echoes a HelloRetryRequest's cookie (§4.2.2).
export function buildClientHello(random: Uint8Array, sessionId: Uint8Array, keyShare: Uint8Array | null, cookie: Uint8Array | null, serverName: string): Uint8Array {
  const w = new TlsWriter(512);
  w.u16(K.VERSION_TLS12); // legacy_version (§4.1.2)
  w.bytes(random);
  w.bytes8(sessionId);
  w.u16(2);
  w.u16(K.SUITE_AES_256_GCM_SHA384);
  w.u8(1);
  w.u8(0); // legacy_compression_methods = [null]
  const ext = w.begin(2);
  if (serverName.length > 0) writeExtension(w, K.EXT_SERVER_NAME, serverNameBody(serverName));
  writeExtension(w, K.EXT_SUPPORTED_VERSIONS, u16List([K.VERSION_TLS13], 1));
  writeExtension(w, K.EXT_SUPPORTED_GROUPS, u16List([K.GROUP_SECP384R1], 2));
  writeExtension(w, K.EXT_SIGNATURE_ALGORITHMS, u16List([K.SIG_ECDSA_SECP384R1_SHA384], 2));
  const ks = new TlsWriter(4 + K.P384_POINT_LEN);
  const kt = ks.begin(2);
  if (keyShare !== null) ks.bytes(keyShareEntry(K.GROUP_SECP384R1, keyShare));
  ks.end(kt);
  writeExtension(w, K.EXT_KEY_SHARE, ks.finish());
  if (cookie !== null) {
    const cw = new TlsWriter(2 + cookie.length);
    cw.bytes16(cookie);
    writeExtension(w, K.EXT_COOKIE, cw.finish());
  }
  w.end(ext);
  return frame(K.HT_CLIENT_HELLO, w.finish());
}

export class ClientHello {
  legacyVersion: u16 = 0;
  random: Uint8Array = new Uint8Array(0);
  sessionId: Uint8Array = new Uint8Array(0);
  suites: u16[] = [];
  compressionOk: bool = false;
  exts: ExtensionList = new ExtensionList();
}

export function parseClientHello(body: Uint8Array, p: Problem): ClientHello | null {
  const r = new TlsReader(body);
  const ch = new ClientHello();
  ch.legacyVersion = <u16>r.u16();
  ch.random = r.bytes(K.RANDOM_LEN);
  ch.sessionId = r.bytes8();
  const suites = r.vec16();
  if (suites.remaining % 2 != 0 || suites.remaining == 0) r.failed = true;
  while (!suites.failed && !suites.atEnd()) ch.suites.push(<u16>suites.u16());
  const comp = r.bytes8();
  // §4.1.2: in TLS 1.3 exactly one compression method, null (0).
  ch.compressionOk = comp.length == 1 && comp[0] == 0;
  if (ch.sessionId.length > 32) r.failed = true;
  if (r.failed || suites.failed) { p.set(TlsErrorCode.DecodeError, "malformed ClientHello"); return null; }
  // A ClientHello without extensions is a pre-1.3 client; treat the block as empty.
  if (!r.atEnd()) ch.exts = readExtensions(r, p);
  if (!p.ok) return null;
  if (!r.done()) { p.set(TlsErrorCode.DecodeError, "trailing bytes in ClientHello"); return null; }
  return ch;
}
