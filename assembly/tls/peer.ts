// The peer's certificate, checked: "verified" is a type (STYLE.md #4). Only verifyPeer makes a
// VerifiedPeer, and only a VerifiedPeer lets ExpectCertificateVerify check a signature, so the
// verifier always runs before the peer's key is trusted for anything (migtd.md §2.5).
import { parseCertificate, CURVE_P384, CertParse } from "../x509/cert";
import { Conn } from "./conn";
import { TlsError, TlsErrorCode, alertFor } from "./errors";
import { resultFor } from "../result/map";
import { RESULT_MUTUAL_ATTESTATION_ERROR, RESULT_POLICY_UNSATISFIED, RESULT_INVALID_POLICY } from "../result/codes";

// The constructor takes a PeerProof, which this module does not export: no other code can make a
// VerifiedPeer.
class PeerProof {}
const PROOF = new PeerProof();

export class VerifiedPeer {
  constructor(_proof: PeerProof, public readonly certDer: Uint8Array, public readonly publicKey: Uint8Array) {}
}

// The certificate verifyPeer parsed, offered to the verifier it calls (RA-TLS parsing reads the
// same DER again, ratls/parse.ts): set only for the duration of that call and only for the very
// array the verifier is handed, so nothing stale can be returned.
let inFlightDer: Uint8Array | null = null;
let inFlightParse: CertParse | null = null;

// verifyPeer's parse of `der` while its verifier runs, else null.
export function peerCertParseInFlight(der: Uint8Array): CertParse | null {
  return der === inFlightDer ? inFlightParse : null;
}

export function verifyPeer(c: Conn, der: Uint8Array): VerifiedPeer | null {
  const parsed = parseCertificate(der);
  const cert = parsed.cert;
  if (cert === null) {
    c.fail(TlsErrorCode.BadCertificate, "peer certificate: " + parsed.error);
    return null;
  }
  // CertificateVerify must be ecdsa_secp384r1_sha384, so only a P-384 key can complete.
  if (cert.curve != CURVE_P384) {
    c.fail(TlsErrorCode.BadCertificate, "peer certificate key is not P-384");
    return null;
  }
  inFlightDer = der;
  inFlightParse = parsed;
  const outcome = c.config.verifier.verify(der);
  inFlightDer = null;
  inFlightParse = null;
  if (!outcome.ok) {
    // The verifier's own verdict (§2.5) when it is one of the attestation/policy codes; anything
    // else is the TLS layer's rejection (6).
    const v = outcome.code;
    const passes = v == RESULT_MUTUAL_ATTESTATION_ERROR || v == RESULT_POLICY_UNSATISFIED || v == RESULT_INVALID_POLICY;
    const code = passes ? v : resultFor(TlsErrorCode.CertificateRejected);
    c.failWith(new TlsError(TlsErrorCode.CertificateRejected, alertFor(TlsErrorCode.CertificateRejected), code, outcome.message));
    return null;
  }
  c.peerCert = der;
  return new VerifiedPeer(PROOF, der, cert.publicKey.slice());
}
