// Client: the server Finished (RFC 8446 §4.4.4), then the client's authentication flight
// (Certificate, CertificateVerify, Finished under the client handshake key, §4.4) and the switch
// to application traffic keys (§7.1).
import { Conn } from "../conn";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { HandshakeMessage } from "../handshake_joiner";
import { finishedMatches, finishedVerifyData } from "../key_schedule";
import { buildCertificate } from "../messages/certificate";
import { buildCertificateVerify } from "../messages/certificate_verify";
import { buildFinished } from "../messages/finished";
import { State, unexpected } from "../state";
import { Traffic } from "../traffic";

export class ExpectServerFinished extends State {
  name(): string { return "ExpectFinished"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type != K.HT_FINISHED) return unexpected(c, m, this.name());
    const hs = c.hs!;
    if (m.body.length != K.HASH_LEN || !finishedMatches(hs.server, c.transcript.current(), m.body)) {
      c.fail(TlsErrorCode.BadFinished, "server Finished does not verify");
      return null;
    }
    c.transcript.add(m.raw);
    const traffic = hs.traffic(c.transcript.current());
    c.traffic = traffic;
    const id = c.config.identity;
    c.queueHandshake(buildCertificate(id.certDer));
    const cv = buildCertificateVerify(false, id.key.priv, c.transcript.current());
    if (cv === null) { c.fail(TlsErrorCode.InternalError, "signing CertificateVerify failed"); return null; }
    c.queueHandshake(cv);
    const vd = finishedVerifyData(hs.client, c.transcript.current());
    c.queueHandshake(buildFinished(vd));
    if (!c.setReadKeys(traffic.server)) return null;
    c.setWriteKeys(traffic.client);
    c.completeHandshake();
    return new Traffic();
  }
}
