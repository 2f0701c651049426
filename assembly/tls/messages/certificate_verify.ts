// CertificateVerify (RFC 8446 §4.4.3): an ecdsa_secp384r1_sha384 signature over
// 64 x 0x20 || context string || 0x00 || Transcript-Hash(Handshake Context, Certificate).
import { TlsReader, TlsWriter } from "../codec";
import * as K from "../constants";
import { sha384 } from "../../crypto/sha512";
import { p384Sign, p384Verify, ecdsaSigToDer, ecdsaSigFromDer } from "../../crypto/ecdsa";
import { TlsErrorCode } from "../errors";
import { Problem } from "../problem";
import { frame } from "./handshake";

const SERVER_CONTEXT = "TLS 1.3, server CertificateVerify";
const CLIENT_CONTEXT = "TLS 1.3, client CertificateVerify";

// SHA-384 of the signed content (ECDSA signs the hash of the content, RFC 8446 §4.2.3).
export function signedDigest(server: bool, transcriptHash: Uint8Array): Uint8Array {
  const ctx = Uint8Array.wrap(String.UTF8.encode(server ? SERVER_CONTEXT : CLIENT_CONTEXT));
  const buf = new Uint8Array(64 + ctx.length + 1 + transcriptHash.length);
  buf.fill(0x20, 0, 64);
  buf.set(ctx, 64);
  buf.set(transcriptHash, 64 + ctx.length + 1);
  return sha384(buf);
}

// Our CertificateVerify; null when signing fails (no randomness).
export function buildCertificateVerify(server: bool, priv: Uint8Array, transcriptHash: Uint8Array): Uint8Array | null {
  const raw = p384Sign(priv, signedDigest(server, transcriptHash));
  if (raw === null) return null;
  const w = new TlsWriter(120);
  w.u16(K.SIG_ECDSA_SECP384R1_SHA384);
  w.bytes16(ecdsaSigToDer(raw)); // ECDSA signatures are DER Ecdsa-Sig-Value (§4.2.3)
  return frame(K.HT_CERTIFICATE_VERIFY, w.finish());
}

// Verifies the peer's CertificateVerify with its P-384 key; problems: decode_error,
// illegal_parameter (a scheme we did not offer, §4.4.3), decrypt_error (bad signature).
export function verifyCertificateVerify(body: Uint8Array, peerIsServer: bool, peerPub: Uint8Array, transcriptHash: Uint8Array, p: Problem): bool {
  const r = new TlsReader(body);
  const scheme = <u16>r.u16();
  const sig = r.bytes16();
  if (!r.done()) { p.set(TlsErrorCode.DecodeError, "malformed CertificateVerify"); return false; }
  if (scheme != K.SIG_ECDSA_SECP384R1_SHA384) { p.set(TlsErrorCode.IllegalParameter, "CertificateVerify with scheme 0x" + scheme.toString(16)); return false; }
  const raw = ecdsaSigFromDer(sig, 48);
  if (raw === null) { p.set(TlsErrorCode.BadSignature, "CertificateVerify signature is not a DER P-384 signature"); return false; }
  if (!p384Verify(peerPub, signedDigest(peerIsServer, transcriptHash), raw)) {
    p.set(TlsErrorCode.BadSignature, "CertificateVerify signature does not verify");
    return false;
  }
  return true;
}
