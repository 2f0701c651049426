// Client: the first flight and ServerHello / HelloRetryRequest processing (RFC 8446 §4.1).
import { p384Keygen, p384Ecdh } from "../../crypto/ecdsa";
import { wipe } from "../../crypto/wipe";
import { bytesEqual } from "../../util/bytes";
import { Conn } from "../conn";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { HandshakeMessage } from "../handshake_joiner";
import { HandshakeSecrets } from "../key_schedule";
import { buildClientHello } from "../messages/client_hello";
import { readServerShare, readU16 } from "../messages/extensions";
import { ServerHello, parseServerHello } from "../messages/server_hello";
import { Problem } from "../problem";
import { State, unexpected } from "../state";
import { ExpectEncryptedExtensions } from "./expect_server_auth";

// Sends ClientHello1: fresh random, a 32-byte legacy_session_id (the compatibility-mode value of
// Appendix D.4, which the server must echo) and, unless configured otherwise, our key share.
export function startClient(c: Conn): State | null {
  const rnd = c.randomBytes(K.RANDOM_LEN);
  const sid = c.randomBytes(32);
  if (rnd === null || sid === null) return null;
  const kp = p384Keygen();
  if (kp === null) { c.fail(TlsErrorCode.InternalError, "key generation failed"); return null; }
  c.clientRandom = rnd;
  c.sessionId = sid;
  c.ephemeral = kp;
  const share = c.config.initialKeyShare ? kp.pub : null;
  c.queueHandshake(buildClientHello(rnd, sid, share, null, c.config.serverName));
  c.flush();
  c.ccsAllowed = true;
  return new ExpectServerHello(false, share !== null);
}

export class ExpectServerHello extends State {
  constructor(private afterRetry: bool, private sentShare: bool) { super(); }

  name(): string { return "ExpectServerHello"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type != K.HT_SERVER_HELLO) return unexpected(c, m, this.name());
    const p = new Problem();
    const sh = parseServerHello(m.body, p);
    if (sh === null) { c.failProblem(p); return null; }
    if (!this.checkCommon(c, sh)) return null;
    return sh.isRetryRequest ? this.retry(c, m, sh) : this.accept(c, m, sh);
  }

  // Checks shared by ServerHello and HelloRetryRequest (§4.1.3, §4.1.4).
  private checkCommon(c: Conn, sh: ServerHello): bool {
    const sv = sh.exts.find(K.EXT_SUPPORTED_VERSIONS);
    if (sv === null) {
      // A pre-1.3 server. §4.1.3: a TLS 1.2 answer to a 1.3 client carries the downgrade
      // sentinel; either way there is no version in common.
      if (isDowngrade(sh.random)) c.fail(TlsErrorCode.Downgrade, "ServerHello carries the downgrade sentinel");
      else c.fail(TlsErrorCode.ProtocolVersion, "server does not negotiate TLS 1.3");
      return false;
    }
    // §4.2.1: a version we did not offer is illegal_parameter.
    if (readU16(sv) != K.VERSION_TLS13) { c.fail(TlsErrorCode.IllegalParameter, "server selected a version other than TLS 1.3"); return false; }
    if (sh.legacyVersion != K.VERSION_TLS12) { c.fail(TlsErrorCode.ProtocolVersion, "ServerHello legacy_version is not 0x0303"); return false; }
    if (!bytesEqual(sh.sessionId, c.sessionId)) { c.fail(TlsErrorCode.IllegalParameter, "legacy_session_id_echo differs"); return false; }
    if (sh.suite != K.SUITE_AES_256_GCM_SHA384) { c.fail(TlsErrorCode.IllegalParameter, "server selected a cipher suite we did not offer"); return false; }
    if (sh.compression != 0) { c.fail(TlsErrorCode.IllegalParameter, "non-null compression method"); return false; }
    // §4.1.3/§4.1.4: only extensions we offered, and only those allowed in this message.
    const isHrr = sh.isRetryRequest;
    for (let i = 0; i < sh.exts.items.length; i++) {
      const t = sh.exts.items[i].type;
      const ok = t == K.EXT_SUPPORTED_VERSIONS || t == K.EXT_KEY_SHARE || (isHrr && t == K.EXT_COOKIE);
      if (!ok) { c.fail(TlsErrorCode.UnsupportedExtension, "extension " + t.toString() + " in ServerHello"); return false; }
    }
    return true;
  }

  // HelloRetryRequest (§4.1.4): at most one; it must change something; the only group it may ask
  // for is secp384r1, and only when ClientHello1 did not already carry that share (§4.2.8).
  private retry(c: Conn, m: HandshakeMessage, hrr: ServerHello): State | null {
    if (this.afterRetry) { c.fail(TlsErrorCode.UnexpectedMessage, "second HelloRetryRequest"); return null; }
    const ks = hrr.exts.find(K.EXT_KEY_SHARE);
    const cookieExt = hrr.exts.find(K.EXT_COOKIE);
    if (ks !== null) {
      const g = readU16(ks);
      if (g < 0) { c.fail(TlsErrorCode.DecodeError, "malformed HelloRetryRequest key_share"); return null; }
      if (g != K.GROUP_SECP384R1) { c.fail(TlsErrorCode.IllegalParameter, "HelloRetryRequest asks for a group we did not offer"); return null; }
      if (this.sentShare) { c.fail(TlsErrorCode.IllegalParameter, "HelloRetryRequest asks for the key share we already sent"); return null; }
    } else if (cookieExt === null) {
      c.fail(TlsErrorCode.IllegalParameter, "HelloRetryRequest that would not change the ClientHello");
      return null;
    }
    let cookie: Uint8Array | null = null;
    if (cookieExt !== null) {
      // Cookie: opaque cookie<1..2^16-1> (§4.2.2).
      const n = cookieExt.length >= 2 ? (<i32>cookieExt[0] << 8) | <i32>cookieExt[1] : -1;
      if (n < 1 || n + 2 != cookieExt.length) { c.fail(TlsErrorCode.DecodeError, "malformed cookie"); return null; }
      cookie = cookieExt.slice(2);
    }
    // §4.4.1: ClientHello1 becomes message_hash, then the HRR and ClientHello2 follow.
    c.transcript.replaceWithMessageHash();
    c.transcript.add(m.raw);
    const kp = c.ephemeral!;
    c.queueHandshake(buildClientHello(c.clientRandom, c.sessionId, kp.pub, cookie, c.config.serverName));
    c.flush();
    return new ExpectServerHello(true, true);
  }

  private accept(c: Conn, m: HandshakeMessage, sh: ServerHello): State | null {
    const ks = sh.exts.find(K.EXT_KEY_SHARE);
    if (ks === null) { c.fail(TlsErrorCode.MissingExtension, "ServerHello without key_share"); return null; }
    const share = readServerShare(ks);
    if (share === null) { c.fail(TlsErrorCode.DecodeError, "malformed ServerHello key_share"); return null; }
    if (share.group != K.GROUP_SECP384R1 || !this.sentShare) { c.fail(TlsErrorCode.IllegalParameter, "ServerHello key share for a group we did not send"); return null; }
    const kp = c.ephemeral!;
    const z = p384Ecdh(kp.priv, share.key);
    kp.wipe();
    c.ephemeral = null;
    if (z === null) { c.fail(TlsErrorCode.IllegalParameter, "server key share is not a valid P-384 point"); return null; }
    c.transcript.add(m.raw);
    const hs = HandshakeSecrets.derive(z, c.transcript.current());
    wipe(z);
    c.hs = hs;
    if (!c.setReadKeys(hs.server)) return null;
    // From here the client's alerts, and later its authentication flight, use handshake keys.
    c.setWriteKeys(hs.client);
    return new ExpectEncryptedExtensions();
  }
}

function isDowngrade(random: Uint8Array): bool {
  if (random.length != K.RANDOM_LEN) return false;
  for (let i = 0; i < 7; i++) if (random[24 + i] != K.DOWNGRADE_PREFIX[i]) return false;
  return random[31] == 0 || random[31] == 1;
}
