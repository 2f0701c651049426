// Client: EncryptedExtensions and CertificateRequest (RFC 8446 §4.3). Mutual authentication is
// mandatory for MigTD (migtd.md §2.4), so a server that goes straight to its Certificate without
// requesting ours is refused.
import { Conn } from "../conn";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { HandshakeMessage } from "../handshake_joiner";
import { checkEncryptedExtensions } from "../messages/encrypted_extensions";
import { checkCertificateRequest } from "../messages/certificate_request";
import { Problem } from "../problem";
import { State, unexpected } from "../state";
import { ExpectCertificate } from "../auth";

export class ExpectEncryptedExtensions extends State {
  name(): string { return "ExpectEncryptedExtensions"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type != K.HT_ENCRYPTED_EXTENSIONS) return unexpected(c, m, this.name());
    const p = new Problem();
    checkEncryptedExtensions(m.body, p);
    if (!p.ok) { c.failProblem(p); return null; }
    c.transcript.add(m.raw);
    return new ExpectCertificateRequest();
  }
}

export class ExpectCertificateRequest extends State {
  name(): string { return "ExpectCertificateRequest"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type == K.HT_CERTIFICATE) {
      c.fail(TlsErrorCode.UnexpectedMessage, "server did not request a client certificate (mutual authentication is required)");
      return null;
    }
    if (m.type != K.HT_CERTIFICATE_REQUEST) return unexpected(c, m, this.name());
    const p = new Problem();
    checkCertificateRequest(m.body, p);
    if (!p.ok) { c.failProblem(p); return null; }
    c.transcript.add(m.raw);
    return new ExpectCertificate();
  }
}
