// A bounded memo of ECDSA verifications that succeeded. One quote verification checks the same
// signatures several times (the root CA's CRL signature for each chain that hangs off it, the TCB
// signing certificate for TCB info and QE identity), and every session of a MigTD sees the same
// PCK chain, CRLs and collateral again: with the memo each distinct signature costs one ECDSA
// verification per MigTD lifetime instead of several per session.
//
// Sound because ECDSA verification is a pure function of (curve, public key, digest, signature):
// the entry holds all four in full and a hit requires every byte to be equal, so a hit returns
// exactly what a fresh verification would. Only successes are kept (a forged signature is
// re-checked, and fails, every time). Nothing here judges time: validity periods, CRLs and TCB
// levels are evaluated at the caller's instant on every verification.
import { bytesEqual } from "../util/bytes";

const CAPACITY: i32 = 64;

class Entry {
  constructor(public curve: i32, public pub: Uint8Array, public digest: Uint8Array, public sig: Uint8Array) {}
}

let entries: Entry[] = [];
let next: i32 = 0; // the slot the next insertion replaces once full (FIFO)
let enabled = true;
export let sigCacheHits: i32 = 0;
export let sigCacheMisses: i32 = 0;

export function sigCacheEnable(on: bool): void {
  enabled = on;
  entries = [];
  next = 0;
  sigCacheHits = 0;
  sigCacheMisses = 0;
}

export function sigCacheLookup(curve: i32, pub: Uint8Array, digest: Uint8Array, sig: Uint8Array): bool {
  if (!enabled) return false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.curve == curve && bytesEqual(e.sig, sig) && bytesEqual(e.digest, digest) && bytesEqual(e.pub, pub)) {
      sigCacheHits++;
      return true;
    }
  }
  sigCacheMisses++;
  return false;
}

export function sigCacheRemember(curve: i32, pub: Uint8Array, digest: Uint8Array, sig: Uint8Array): void {
  if (!enabled) return;
  const e = new Entry(curve, pub.slice(), digest.slice(), sig.slice());
  if (entries.length < CAPACITY) {
    entries.push(e);
  } else {
    entries[next] = e;
    next = (next + 1) % CAPACITY;
  }
}
