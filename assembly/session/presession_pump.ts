// Moves the pre-session exchange (migtd.md §2.3, presession_exchange.ts) over a transport: flush
// what the exchange wants sent, pump the transport, feed what arrived, until the exchange is done
// or nothing moves. Shared by the pre-migration and the rebinding sessions; each applies its own
// deadline and logs with its own tag.
import { Transport } from "./transport";
import { PreSessionExchange } from "./presession_exchange";
import { resultFor } from "../result/map";
import { RESULT_NETWORK_ERROR } from "../result/codes";

export const PRE_RUNNING: i32 = -1;
export const PRE_DONE: i32 = -2; // pre.leftover holds the first bytes of the peer's TLS stream

export class PreSessionStep {
  constructor(public code: i32, public why: string = "") {}
}

// PRE_RUNNING (wait for the transport), PRE_DONE, or a result code with why.
export function pumpPreSession(t: Transport, pre: PreSessionExchange): PreSessionStep {
  for (let round = 0; round < 16; round++) {
    const out = pre.takeOutput();
    if (out.length > 0) t.send(out);
    const moved = t.pump();
    if (t.error.length > 0) return new PreSessionStep(t.errorCode, t.error);
    const incoming = t.take();
    if (incoming.length > 0) pre.feed(incoming);
    if (pre.failed) return new PreSessionStep(resultFor(pre.failure!.code), pre.failure!.reason);
    if (pre.done) {
      const rest = pre.takeOutput();
      if (rest.length > 0) t.send(rest);
      return new PreSessionStep(PRE_DONE);
    }
    if (t.peerClosed) return new PreSessionStep(RESULT_NETWORK_ERROR, "peer closed the connection during the pre-session exchange");
    if (!moved && out.length == 0 && incoming.length == 0) break;
  }
  return new PreSessionStep(PRE_RUNNING);
}
