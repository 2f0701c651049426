// The peer's Certificate and CertificateVerify (RFC 8446 §4.4.2-4.4.3), the same on both sides:
// the certificate goes to the PeerVerifier as soon as it arrives, and only a verified peer's key
// checks the signature over the transcript.
import { Conn } from "./conn";
import * as K from "./constants";
import { TlsErrorCode } from "./errors";
import { HandshakeMessage } from "./handshake_joiner";
import { parseCertificate } from "./messages/certificate";
import { verifyCertificateVerify } from "./messages/certificate_verify";
import { VerifiedPeer, verifyPeer } from "./peer";
import { Problem } from "./problem";
import { State, unexpected } from "./state";
import { ExpectServerFinished } from "./client/expect_server_finished";
import { ExpectClientFinished } from "./server/expect_client_finished";

export class ExpectCertificate extends State {
  name(): string { return "ExpectCertificate"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type != K.HT_CERTIFICATE) {
      // A client that skips its Certificate goes straight to Finished (§4.4.2.4).
      if (!c.isClient && m.type == K.HT_FINISHED) { c.fail(TlsErrorCode.CertificateRequired, "client sent no Certificate"); return null; }
      return unexpected(c, m, this.name());
    }
    const p = new Problem();
    const der = parseCertificate(m.body, p);
    if (der === null) { c.failProblem(p); return null; }
    if (der.length == 0) {
      // §4.4.2.4: an empty server Certificate is decode_error; an empty client Certificate when
      // one is required is certificate_required.
      if (c.isClient) c.fail(TlsErrorCode.DecodeError, "server sent an empty Certificate");
      else c.fail(TlsErrorCode.CertificateRequired, "client sent an empty Certificate");
      return null;
    }
    c.transcript.add(m.raw);
    const peer = verifyPeer(c, der);
    if (peer === null) return null;
    return new ExpectCertificateVerify(peer);
  }
}

export class ExpectCertificateVerify extends State {
  constructor(private peer: VerifiedPeer) { super(); }

  name(): string { return "ExpectCertificateVerify"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type != K.HT_CERTIFICATE_VERIFY) return unexpected(c, m, this.name());
    const p = new Problem();
    // Signed over Transcript-Hash(Handshake Context, Certificate): before this message is added.
    if (!verifyCertificateVerify(m.body, c.isClient, this.peer.publicKey, c.transcript.current(), p)) {
      c.failProblem(p);
      return null;
    }
    c.transcript.add(m.raw);
    if (c.isClient) return new ExpectServerFinished();
    return new ExpectClientFinished();
  }
}
