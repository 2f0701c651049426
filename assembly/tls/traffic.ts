// After the handshake (RFC 8446 §4.6): NewSessionTicket is ignored (no resumption, migtd.md §2.4),
// KeyUpdate rolls the read keys and answers a request; anything else is unexpected_message
// (post-handshake authentication was not offered, §4.6.2).
import { Conn } from "./conn";
import * as K from "./constants";
import { TlsErrorCode } from "./errors";
import { HandshakeMessage } from "./handshake_joiner";
import { buildKeyUpdate, KEY_UPDATE_NOT_REQUESTED, KEY_UPDATE_REQUESTED } from "./messages/finished";
import { State, unexpected } from "./state";

export class Traffic extends State {
  name(): string { return "Traffic"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    if (m.type == K.HT_NEW_SESSION_TICKET && c.isClient) return this;
    if (m.type != K.HT_KEY_UPDATE) return unexpected(c, m, this.name());
    const b = m.body;
    if (b.length != 1) { c.fail(TlsErrorCode.DecodeError, "malformed KeyUpdate"); return null; }
    if (b[0] != KEY_UPDATE_NOT_REQUESTED && b[0] != KEY_UPDATE_REQUESTED) {
      c.fail(TlsErrorCode.IllegalParameter, "KeyUpdate request value " + b[0].toString());
      return null;
    }
    // §5.1: KeyUpdate must be the last handshake bytes in its record.
    if (c.joiner.pending != 0) { c.fail(TlsErrorCode.UnexpectedMessage, "data after KeyUpdate in the same record"); return null; }
    c.readProt!.update();
    if (b[0] == KEY_UPDATE_REQUESTED && !c.localClosed) {
      c.queueHandshake(buildKeyUpdate(KEY_UPDATE_NOT_REQUESTED), false);
      c.flush();
      c.writeProt!.update();
    }
    return this;
  }
}
