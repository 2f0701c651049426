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
import { peerCertParseInFlight } from "../tls/peer";
import {
  OID_MIGTD_EKU, OID_MIGTD_EVENT_LOG, OID_MIGTD_POLICY_HASH, OID_MIGTD_QUOTE, OID_MIGTD_TD_REPORT, OID_MIGTD_SERVTD_EXT,
  OID_MIGTD_INIT_TDINFO,
} from "./oids";

export class RaTlsCert {
  constructor(
    public cert: Certificate,
    public publicKey: Uint8Array, // 97 bytes, 04||X||Y
    public quote: Uint8Array, // the evidence: the quote, or for a rebinding certificate the TD report
    public eventLog: Uint8Array, // as carried, MigTD's trailing byte included
    public policyHash: Uint8Array | null = null, // V2: SHA-384 of the peer's pre-session blob
  ) {}
  // V2 rebinding, old MigTD's certificate (§2.4): SERVTD_EXT and init TDINFO, as carried.
  servtdExt: Uint8Array | null = null;
  initTdInfo: Uint8Array | null = null;
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

// `rebinding`: the evidence is the TD report extension (…1.5) instead of the quote (§2.9).
export function parseRaTlsCert(der: Uint8Array, rebinding: bool = false): RaTlsParse {
  // Inside the TLS layer's peer check the certificate has just been parsed (tls/peer.ts).
  const seen = peerCertParseInFlight(der);
  const parsed = seen !== null ? seen : parseCertificate(der);
  const c = parsed.cert;
  if (c === null) return failed(RaTlsError.Malformed, parsed.error);
  if (c.curve != CURVE_P384 || c.sigAlg != OID_ECDSA_SHA384) return failed(RaTlsError.NotP384, "not an ECDSA P-384 / SHA-384 certificate");
  const eku = findExtension(c, OID_EXT_KEY_USAGE);
  if (eku === null || !ekuContains(eku.value, OID_MIGTD_EKU)) return failed(RaTlsError.MissingMigTdEku, "no MigTD extended key usage");
  const quote = findExtension(c, rebinding ? OID_MIGTD_TD_REPORT : OID_MIGTD_QUOTE);
  if (quote === null) return rebinding ? failed(RaTlsError.MissingTdReport, "no TD report extension") : failed(RaTlsError.MissingQuote, "no quote extension");
  const log = findExtension(c, OID_MIGTD_EVENT_LOG);
  if (log === null) return failed(RaTlsError.MissingEventLog, "no event log extension");
  if (!verifyDerSignature(c.sigAlg, c.tbs, c.signature, CURVE_P384, c.publicKey)) {
    return failed(RaTlsError.BadSelfSignature, "self-signature does not verify");
  }
  const out = new RaTlsParse();
  const ph = findExtension(c, OID_MIGTD_POLICY_HASH);
  const rc = new RaTlsCert(c, c.publicKey, quote.value, log.value, ph === null ? null : ph.value);
  if (rebinding) {
    const ext = findExtension(c, OID_MIGTD_SERVTD_EXT);
    const init = findExtension(c, OID_MIGTD_INIT_TDINFO);
    if (ext !== null) rc.servtdExt = ext.value;
    if (init !== null) rc.initTdInfo = init.value;
  }
  out.cert = rc;
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
