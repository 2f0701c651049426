// What an engine is given: its identity (a P-384 key and the DER certificate carrying its public
// key) and the peer verifier, MigTD's certificate callback (migtd.md §2.5).
import { P384KeyPair } from "../crypto/ecdsa";
import {
  RESULT_SECURE_SESSION_ERROR, RESULT_MUTUAL_ATTESTATION_ERROR, RESULT_POLICY_UNSATISFIED, RESULT_INVALID_POLICY,
} from "../result/codes";

// The outcome of a peer certificate check. `code` is the MigTD result code to report when `ok` is
// false: 7 MutualAttestationError, 8 PolicyUnsatisfiedError, 9 InvalidPolicyError, or 6.
export class VerifyOutcome {
  constructor(public ok: bool, public code: u8, public message: string) {}

  static accept(): VerifyOutcome {
    return new VerifyOutcome(true, 0, "");
  }

  static reject(code: u8, message: string): VerifyOutcome {
    return new VerifyOutcome(false, code, message);
  }

  // MigTD's callback reports failures as error strings; §1.3 maps them to codes.
  static fromMessage(message: string): VerifyOutcome {
    return new VerifyOutcome(false, resultCodeForVerifyMessage(message), message);
  }
}

// migtd.md §1.3: "PolicyUnsatisfiedError" -> 8, "InvalidPolicyError" -> 9,
// "MutualAttestationError" -> 7, anything else -> 6.
export function resultCodeForVerifyMessage(message: string): u8 {
  if (message.includes("PolicyUnsatisfiedError")) return RESULT_POLICY_UNSATISFIED;
  if (message.includes("InvalidPolicyError")) return RESULT_INVALID_POLICY;
  if (message.includes("MutualAttestationError")) return RESULT_MUTUAL_ATTESTATION_ERROR;
  return RESULT_SECURE_SESSION_ERROR;
}

// Called once per handshake with the peer's end-entity certificate, when its Certificate message
// arrives and before its CertificateVerify is accepted. Normal X.509 path validation does not
// happen: this callback replaces it (migtd.md §2.4-2.5).
export interface PeerVerifier {
  verify(certDer: Uint8Array): VerifyOutcome;
}

export class LocalIdentity {
  constructor(
    public key: P384KeyPair, // signs CertificateVerify (ecdsa_secp384r1_sha384)
    public certDer: Uint8Array, // sent as the only entry of Certificate
  ) {}
}

export class TlsConfig {
  // The client's server_name: Intel's MigTD sends "localhost" (migtd.md §2.4). Empty = none.
  serverName: string = "localhost";
  // Client only: offer the secp384r1 key share in the first ClientHello. false sends an empty
  // key_share so the server must answer with a HelloRetryRequest (RFC 8446 §4.1.4); a test knob.
  initialKeyShare: bool = true;

  constructor(public identity: LocalIdentity, public verifier: PeerVerifier) {}
}
