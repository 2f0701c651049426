// One type per handshake state, named for the message it expects next (STYLE.md #3). A state
// checks the message type first, then the message, and returns the next state; on failure it
// records the error on the connection and returns null.
import { Conn } from "./conn";
import { TlsErrorCode } from "./errors";
import { HandshakeMessage } from "./handshake_joiner";

export class State {
  name(): string { return "State"; }

  handle(c: Conn, m: HandshakeMessage): State | null {
    return unexpected(c, m, this.name());
  }
}

// §4 / §6.2: a handshake message of the wrong type for the state is unexpected_message.
export function unexpected(c: Conn, m: HandshakeMessage, state: string): State | null {
  c.fail(TlsErrorCode.UnexpectedMessage, "handshake message type " + m.type.toString() + " in state " + state);
  return null;
}
