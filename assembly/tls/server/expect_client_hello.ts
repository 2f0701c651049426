// Server: ClientHello (RFC 8446 §4.1.2), HelloRetryRequest when the client's key shares lack
// secp384r1 but its supported_groups has it (§4.1.4), then the whole server flight: ServerHello,
// EncryptedExtensions, CertificateRequest (mutual authentication is mandatory, migtd.md §2.4),
// Certificate, CertificateVerify, Finished.
import { p384Keygen, p384Ecdh } from "../../crypto/ecdsa";
import { wipe } from "../../crypto/wipe";
import { Conn } from "../conn";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { HandshakeMessage } from "../handshake_joiner";
import { HandshakeSecrets, finishedVerifyData } from "../key_schedule";
import { ClientHello, parseClientHello } from "../messages/client_hello";
import { KeyShareEntry, contains, readClientShares, readU16List } from "../messages/extensions";
import { buildHelloRetryRequest, buildServerHello } from "../messages/server_hello";
import { buildEncryptedExtensions } from "../messages/encrypted_extensions";
import { buildCertificateRequest } from "../messages/certificate_request";
import { buildCertificate } from "../messages/certificate";
import { buildCertificateVerify } from "../messages/certificate_verify";
import { buildFinished } from "../messages/finished";
import { Problem } from "../problem";
import { State, unexpected } from "../state";
import { ExpectCertificate } from "../auth";

export class ExpectClientHello extends State {
  constructor(private retried: bool) { super(); }

  name(): string { return "ExpectClientHello"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type != K.HT_CLIENT_HELLO) return unexpected(c, m, this.name());
    const p = new Problem();
    const ch = parseClientHello(m.body, p);
    if (ch === null) { c.failProblem(p); return null; }
    const shares = negotiate(ch, p);
    if (shares === null) { c.failProblem(p); return null; }
    c.ccsAllowed = true;
    let ours: KeyShareEntry | null = null;
    for (let i = 0; i < shares.length; i++) if (shares[i].group == K.GROUP_SECP384R1) ours = shares[i];
    if (ours === null) {
      // §4.2.8: after our HelloRetryRequest the client must send the requested share.
      if (this.retried) { c.fail(TlsErrorCode.IllegalParameter, "second ClientHello still lacks a secp384r1 key share"); return null; }
      c.transcript.add(m.raw);
      c.transcript.replaceWithMessageHash();
      c.queueHandshake(buildHelloRetryRequest(ch.sessionId));
      c.flush();
      return new ExpectClientHello(true);
    }
    // §4.2.8: ClientHello2 carries exactly the one share asked for.
    if (this.retried && shares.length != 1) { c.fail(TlsErrorCode.IllegalParameter, "second ClientHello with more than the requested key share"); return null; }
    if (ours.key.length != K.P384_POINT_LEN) { c.fail(TlsErrorCode.IllegalParameter, "secp384r1 key share of the wrong size"); return null; }
    c.transcript.add(m.raw);
    return this.respond(c, ch, ours.key);
  }

  private respond(c: Conn, ch: ClientHello, peerShare: Uint8Array): State | null {
    const kp = p384Keygen();
    if (kp === null) { c.fail(TlsErrorCode.InternalError, "key generation failed"); return null; }
    const z = p384Ecdh(kp.priv, peerShare);
    kp.wipe();
    if (z === null) { c.fail(TlsErrorCode.IllegalParameter, "client key share is not a valid P-384 point"); return null; }
    const rnd = c.randomBytes(K.RANDOM_LEN);
    if (rnd === null) { wipe(z); return null; }
    c.queueHandshake(buildServerHello(rnd, ch.sessionId, kp.pub));
    const hs = HandshakeSecrets.derive(z, c.transcript.current());
    wipe(z);
    c.hs = hs;
    c.setWriteKeys(hs.server); // ServerHello leaves in the clear, the rest under handshake keys
    if (!c.setReadKeys(hs.client)) return null;
    c.queueHandshake(buildEncryptedExtensions());
    c.queueHandshake(buildCertificateRequest());
    const id = c.config.identity;
    c.queueHandshake(buildCertificate(id.certDer));
    const cv = buildCertificateVerify(true, id.key.priv, c.transcript.current());
    if (cv === null) { c.fail(TlsErrorCode.InternalError, "signing CertificateVerify failed"); return null; }
    c.queueHandshake(cv);
    c.queueHandshake(buildFinished(finishedVerifyData(hs.server, c.transcript.current())));
    c.traffic = hs.traffic(c.transcript.current());
    // After its Finished the server writes under the application key (§4.4.4, §7.1): a client that
    // has processed our Finished decrypts our alerts with it.
    c.setWriteKeys(c.traffic!.server);
    return new ExpectCertificate();
  }
}

// Checks a ClientHello against our only parameter set and returns its key shares; null (and `p`
// set) when there is nothing in common. Order of checks: version, suite, group, signature.
function negotiate(ch: ClientHello, p: Problem): KeyShareEntry[] | null {
  const sv = ch.exts.find(K.EXT_SUPPORTED_VERSIONS);
  if (sv === null) { p.set(TlsErrorCode.ProtocolVersion, "client does not offer TLS 1.3"); return null; }
  const versions = readU16List(sv, 1);
  if (versions === null) { p.set(TlsErrorCode.DecodeError, "malformed supported_versions"); return null; }
  if (!contains(versions, K.VERSION_TLS13)) { p.set(TlsErrorCode.ProtocolVersion, "client does not offer TLS 1.3"); return null; }
  if (!ch.compressionOk) { p.set(TlsErrorCode.IllegalParameter, "compression methods other than null"); return null; }
  if (!contains(ch.suites, K.SUITE_AES_256_GCM_SHA384)) { p.set(TlsErrorCode.NoCommonSuite, "client does not offer TLS_AES_256_GCM_SHA384"); return null; }
  // §9.2: a ClientHello without PSK must carry supported_groups, key_share, signature_algorithms.
  const sg = ch.exts.find(K.EXT_SUPPORTED_GROUPS);
  if (sg === null) { p.set(TlsErrorCode.MissingExtension, "ClientHello without supported_groups"); return null; }
  const groups = readU16List(sg, 2);
  if (groups === null) { p.set(TlsErrorCode.DecodeError, "malformed supported_groups"); return null; }
  if (!contains(groups, K.GROUP_SECP384R1)) { p.set(TlsErrorCode.NoCommonGroup, "client does not support secp384r1"); return null; }
  const sa = ch.exts.find(K.EXT_SIGNATURE_ALGORITHMS);
  if (sa === null) { p.set(TlsErrorCode.MissingExtension, "ClientHello without signature_algorithms"); return null; }
  const sigs = readU16List(sa, 2);
  if (sigs === null) { p.set(TlsErrorCode.DecodeError, "malformed signature_algorithms"); return null; }
  if (!contains(sigs, K.SIG_ECDSA_SECP384R1_SHA384)) { p.set(TlsErrorCode.NoCommonSignature, "client does not accept ecdsa_secp384r1_sha384"); return null; }
  const ks = ch.exts.find(K.EXT_KEY_SHARE);
  if (ks === null) { p.set(TlsErrorCode.MissingExtension, "ClientHello without key_share"); return null; }
  const shares = readClientShares(ks);
  if (shares === null) { p.set(TlsErrorCode.DecodeError, "malformed key_share"); return null; }
  for (let i = 0; i < shares.length; i++) {
    for (let j = 0; j < i; j++) {
      if (shares[i].group == shares[j].group) { p.set(TlsErrorCode.IllegalParameter, "two key shares for one group"); return null; }
    }
  }
  // §4.2.11: pre_shared_key, when present, must be the last extension. It is never selected here.
  const psk = ch.exts.indexOf(K.EXT_PRE_SHARED_KEY);
  if (psk >= 0 && psk != ch.exts.items.length - 1) { p.set(TlsErrorCode.IllegalParameter, "pre_shared_key is not the last extension"); return null; }
  return shares;
}
