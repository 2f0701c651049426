// The TLS 1.3 key schedule for SHA-384 without PSK (RFC 8446 §7.1), one type per stage so that a
// later stage can only be reached from the one before it (STYLE.md #4):
//   HandshakeSecrets (after ServerHello) -> TrafficSecrets (after the server Finished).
// Each stage wipes what the next one no longer needs.
import { hkdfExtract384, hkdfExpandLabel384, deriveSecret384 } from "../crypto/hkdf";
import { hmacSha384 } from "../crypto/hmac";
import { sha384 } from "../crypto/sha512";
import { wipe } from "../crypto/wipe";
import { HASH_LEN } from "./constants";
import { bytesEqual } from "../util/bytes";

function zeros(): Uint8Array {
  return new Uint8Array(HASH_LEN);
}

// Hash("") for the "derived" steps (§7.1).
function emptyHash(): Uint8Array {
  return sha384(new Uint8Array(0));
}

export class HandshakeSecrets {
  constructor(
    private handshakeSecret: Uint8Array,
    public client: Uint8Array, // client_handshake_traffic_secret
    public server: Uint8Array, // server_handshake_traffic_secret
  ) {}

  // Early Secret = HKDF-Extract(0, 0) (no PSK); Handshake Secret = HKDF-Extract(
  // Derive-Secret(Early, "derived", ""), (EC)DHE); traffic secrets over Hash(ClientHello..ServerHello).
  static derive(ecdhe: Uint8Array, helloHash: Uint8Array): HandshakeSecrets {
    const early = hkdfExtract384(zeros(), zeros());
    const derived = deriveSecret384(early, "derived", emptyHash());
    const hs = hkdfExtract384(derived, ecdhe);
    wipe(early);
    wipe(derived);
    const c = deriveSecret384(hs, "c hs traffic", helloHash);
    const s = deriveSecret384(hs, "s hs traffic", helloHash);
    return new HandshakeSecrets(hs, c, s);
  }

  // Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0); application traffic
  // secrets over Hash(ClientHello..server Finished). The handshake secret is wiped; the two
  // handshake traffic secrets stay until the client Finished is done.
  traffic(serverFinishedHash: Uint8Array): TrafficSecrets {
    const derived = deriveSecret384(this.handshakeSecret, "derived", emptyHash());
    const master = hkdfExtract384(derived, zeros());
    wipe(derived);
    wipe(this.handshakeSecret);
    const c = deriveSecret384(master, "c ap traffic", serverFinishedHash);
    const s = deriveSecret384(master, "s ap traffic", serverFinishedHash);
    wipe(master);
    return new TrafficSecrets(c, s);
  }

  wipe(): void {
    wipe(this.handshakeSecret);
    wipe(this.client);
    wipe(this.server);
  }
}

export class TrafficSecrets {
  constructor(public client: Uint8Array, public server: Uint8Array) {}
  wipe(): void {
    wipe(this.client);
    wipe(this.server);
  }
}

// Finished.verify_data = HMAC(finished_key, Transcript-Hash), finished_key =
// HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) (§4.4.4).
export function finishedVerifyData(baseKey: Uint8Array, transcriptHash: Uint8Array): Uint8Array {
  const fk = hkdfExpandLabel384(baseKey, "finished", new Uint8Array(0), HASH_LEN);
  const out = hmacSha384(fk, transcriptHash);
  wipe(fk);
  return out;
}

export function finishedMatches(baseKey: Uint8Array, transcriptHash: Uint8Array, received: Uint8Array): bool {
  const want = finishedVerifyData(baseKey, transcriptHash);
  const ok = bytesEqual(want, received);
  wipe(want);
  return ok;
}

// application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length)
// (§7.2).
export function nextTrafficSecret(secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel384(secret, "traffic upd", new Uint8Array(0), HASH_LEN);
}
