// Reading a peer's RA-TLS certificate (migtd.md §2.5, "Common"): strict DER, a P-384 key, the
// MigTD extended key usage, the quote and event-log extensions, and a self-signature that
// verifies with the certified key. What it returns lets the verifier check the quote's REPORTDATA
// against reportDataForKey(publicKey) and replay the event log.
import { DerReader } from "../der/reader";
import { TAG_SEQUENCE } from "../der/tags";
import { OID_ECDSA_SHA384, OID_EXT_KEY_USAGE } from "../der/oid";
import { parseCertificate, CURVE_P384, Certificate } from "../x509/cert";
import { findExtension } from "../x509/extensions";
import { verifyDerSignature } from "../x509/signature";
import { RaTlsError } from "./errors";
import { OID_MIGTD_EKU, OID_MIGTD_EVENT_LOG, OID_MIGTD_POLICY_HASH, OID_MIGTD_QUOTE } from "./oids";

export class RaTlsCert {
  constructor(
    public cert: Certificate,
    public publicKey: Uint8Array, // 97 bytes, 04||X||Y
    public quote: Uint8Array,
    public eventLog: Uint8Array, // as carried, MigTD's trailing byte included
    public policyHash: Uint8Array | null = null, // V2: SHA-384 of the peer's pre-session blob
  ) {}
}

export class RaTlsParse {
  cert: RaTlsCert | null = null;
  error: RaTlsError = RaTlsError.None;
  message: string = "";
}

function failed(e: RaTlsError, msg: string): RaTlsParse {
  const p = new RaTlsParse();
  p.error = e;
  p.message = msg;
  return p;
}

export function parseRaTlsCert(der: Uint8Array): RaTlsParse {
  const parsed = parseCertificate(der);
  const c = parsed.cert;
  if (c === null) return failed(RaTlsError.Malformed, parsed.error);
  if (c.curve != CURVE_P384 || c.sigAlg != OID_ECDSA_SHA384) return failed(RaTlsError.NotP384, "not an ECDSA P-384 / SHA-384 certificate");
  const eku = findExtension(c, OID_EXT_KEY_USAGE);
  if (eku === null || !ekuContains(eku.value, OID_MIGTD_EKU)) return failed(RaTlsError.MissingMigTdEku, "no MigTD extended key usage");
  const quote = findExtension(c, OID_MIGTD_QUOTE);
  if (quote === null) return failed(RaTlsError.MissingQuote, "no quote extension");
  const log = findExtension(c, OID_MIGTD_EVENT_LOG);
  if (log === null) return failed(RaTlsError.MissingEventLog, "no event log extension");
  if (!verifyDerSignature(c.sigAlg, c.tbs, c.signature, CURVE_P384, c.publicKey)) {
    return failed(RaTlsError.BadSelfSignature, "self-signature does not verify");
  }
  const out = new RaTlsParse();
  const ph = findExtension(c, OID_MIGTD_POLICY_HASH);
  out.cert = new RaTlsCert(c, c.publicKey, quote.value, log.value, ph === null ? null : ph.value);
  return out;
}

// ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (RFC 5280 §4.2.1.12).
function ekuContains(value: Uint8Array, oid: string): bool {
  const r = DerReader.of(value);
  const seq = r.sub(TAG_SEQUENCE);
  r.finish("extKeyUsage");
  while (!seq.failed && !seq.atEnd()) {
    if (seq.oid() == oid) return true;
  }
  return false;
}
