// The handshake message frame (RFC 8446 §4): msg_type, uint24 length, body.
import { TlsWriter } from "../codec";

export function frame(type: u8, body: Uint8Array): Uint8Array {
  const w = new TlsWriter(4 + body.length);
  w.u8(type);
  w.bytes24(body);
  return w.finish();
}
