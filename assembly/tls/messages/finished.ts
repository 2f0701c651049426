// Finished (RFC 8446 §4.4.4) and KeyUpdate (§4.6.3) bodies.
import * as K from "../constants";
import { frame } from "./handshake";

export function buildFinished(verifyData: Uint8Array): Uint8Array {
  return frame(K.HT_FINISHED, verifyData);
}

export const KEY_UPDATE_NOT_REQUESTED: u8 = 0;
export const KEY_UPDATE_REQUESTED: u8 = 1;

export function buildKeyUpdate(request: u8): Uint8Array {
  const b = new Uint8Array(1);
  b[0] = request;
  return frame(K.HT_KEY_UPDATE, b);
}
