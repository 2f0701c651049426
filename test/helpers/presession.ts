// Drives two pre-session engines of the shared core (api/presession.ts) against each other, as
// the V2 pre-session and verifier tests do.
import { sharedCore } from "../../scripts/host/library.ts";

// Rewrites a message in flight: `from` is the side that sent it.
export type Tamper = (from: "a" | "b", msg: Uint8Array) => Uint8Array;

// Moves bytes between the engines until neither has anything to say (at most `rounds` turns).
export function pumpPresession(a: number, b: number, tamper: Tamper = (_f, m) => m, rounds = 10): void {
  const core = sharedCore();
  for (let i = 0; i < rounds; i++) {
    const fromA = core.callBytes("presession_take", a);
    const fromB = core.callBytes("presession_take", b);
    if (fromA.length === 0 && fromB.length === 0) return;
    if (fromA.length > 0) core.callBytes("presession_feed", b, tamper("a", fromA));
    if (fromB.length > 0) core.callBytes("presession_feed", a, tamper("b", fromB));
  }
}

// What presession_verify_peer answers.
export interface PeerOutcome { accepted: boolean; code: number; stage: string; detail: string }
