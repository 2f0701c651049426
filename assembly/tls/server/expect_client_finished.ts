// Server: the client Finished (RFC 8446 §4.4.4) closes the handshake; reads switch to the client
// application traffic key.
import { Conn } from "../conn";
import * as K from "../constants";
import { TlsErrorCode } from "../errors";
import { HandshakeMessage } from "../handshake_joiner";
import { finishedMatches } from "../key_schedule";
import { State, unexpected } from "../state";
import { Traffic } from "../traffic";

export class ExpectClientFinished extends State {
  name(): string { return "ExpectFinished"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type != K.HT_FINISHED) return unexpected(c, m, this.name());
    const hs = c.hs!;
    if (m.body.length != K.HASH_LEN || !finishedMatches(hs.client, c.transcript.current(), m.body)) {
      c.fail(TlsErrorCode.BadFinished, "client Finished does not verify");
      return null;
    }
    c.transcript.add(m.raw);
    if (!c.setReadKeys(c.traffic!.client)) return null;
    c.completeHandshake();
    return new Traffic();
  }
}
