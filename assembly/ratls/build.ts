// MigTD's RA-TLS certificate (migtd.md §2.4), generated per session for both roles: a self-signed
// X.509 v3 certificate over a fresh P-384 key carrying the TD quote (whose REPORTDATA is
// reportDataForKey(key.pub), see report_data.ts) and the TD's event log. Field for field what
// Intel's MigTD emits, so a stock MigTD peer finds what it looks for.
import { P384KeyPair, p384Sign, ecdsaSigToDer } from "../crypto/ecdsa";
import { sha384 } from "../crypto/sha512";
import { OID_EC_PUBLIC_KEY, OID_P384, OID_ECDSA_SHA384, OID_KEY_USAGE, OID_EXT_KEY_USAGE } from "../der/oid";
import {
  derBitString, derBoolean, derExplicit, derGeneralizedTime, derNamedBits, derOctetString, derOid,
  derPrintable, derSequence, derSet, derSmallInt, derUtf8,
} from "../der/writer";
import * as O from "./oids";

// The byte appended after the event log. MigTD exports its log area one byte past the last event
// (§2.4, §5.3); that byte is the area's 0xFF fill. A peer's log iterator yields an event only if
// it ends strictly before the buffer end, so without it the last event would be lost.
export const EVENT_LOG_TRAILER: u8 = 0xff;

// issuer = subject = C=XX (PrintableString), L=Default City, O=Default Company Ltd (UTF8String).
function migtdName(): Uint8Array {
  return derSequence([
    derSet([derSequence([derOid(O.OID_COUNTRY), derPrintable("XX")])]),
    derSet([derSequence([derOid(O.OID_LOCALITY), derUtf8("Default City")])]),
    derSet([derSequence([derOid(O.OID_ORGANIZATION), derUtf8("Default Company Ltd")])]),
  ]);
}

// Extension ::= SEQUENCE { extnID, critical BOOLEAN (always written, as MigTD does), extnValue }.
function extension(oid: string, critical: bool, value: Uint8Array): Uint8Array {
  return derSequence([derOid(oid), derBoolean(critical), derOctetString(value)]);
}

function ecdsaSha384(): Uint8Array {
  return derSequence([derOid(OID_ECDSA_SHA384)]); // parameters absent (RFC 5758 §3.2)
}

// The DER TBSCertificate. `policyHash`: V2 only, SHA-384 of this MigTD's pre-session peer-data
// blob (§2.3), emitted after the quote as Intel orders it (§2.4).
export function raTlsTbs(pub97: Uint8Array, quote: Uint8Array, eventLog: Uint8Array, policyHash: Uint8Array | null = null): Uint8Array {
  return tbsWith(pub97, O.OID_MIGTD_QUOTE, quote, eventLog, policyHash, []);
}

// Extensions after the policy hash (V2 rebinding, old MigTD: SERVTD_EXT then init TDINFO).
export class ExtraExtension {
  constructor(public oid: string, public value: Uint8Array) {}
}

// The common shape: keyUsage, EKU, event log, the evidence (quote for a migration, TD report for
// a rebinding), the policy hash, then `extra` in order (§2.4 "Extension order as emitted").
function tbsWith(pub97: Uint8Array, evidenceOid: string, evidence: Uint8Array, eventLog: Uint8Array, policyHash: Uint8Array | null, extra: ExtraExtension[]): Uint8Array {
  const ku = new Uint8Array(1);
  ku[0] = 0x80; // digitalSignature
  const eku = derSequence([derOid(O.OID_SERVER_AUTH), derOid(O.OID_CLIENT_AUTH), derOid(O.OID_MIGTD_EKU)]);
  const log = new Uint8Array(eventLog.length + 1);
  log.set(eventLog, 0);
  log[eventLog.length] = EVENT_LOG_TRAILER;
  const list: Uint8Array[] = [
    extension(OID_KEY_USAGE, true, derNamedBits(ku)),
    extension(OID_EXT_KEY_USAGE, false, eku),
    extension(O.OID_MIGTD_EVENT_LOG, false, log),
    extension(evidenceOid, false, evidence),
  ];
  if (policyHash !== null) list.push(extension(O.OID_MIGTD_POLICY_HASH, false, policyHash));
  for (let i = 0; i < extra.length; i++) list.push(extension(extra[i].oid, false, extra[i].value));
  const exts = derSequence(list);
  const name = migtdName();
  return derSequence([
    derExplicit(0, derSmallInt(2)), // v3
    derSmallInt(1), // serial
    ecdsaSha384(),
    name,
    derSequence([derGeneralizedTime("19700101000000Z"), derGeneralizedTime("99991231235959Z")]),
    name,
    derSequence([derSequence([derOid(OID_EC_PUBLIC_KEY), derOid(OID_P384)]), derBitString(pub97)]),
    derExplicit(3, exts),
  ]);
}

function signed(key: P384KeyPair, tbs: Uint8Array): Uint8Array | null {
  const sig = p384Sign(key.priv, sha384(tbs));
  if (sig === null) return null;
  return derSequence([tbs, ecdsaSha384(), derBitString(ecdsaSigToDer(sig))]);
}

// A V2 rebinding certificate (§2.4, §2.9): the 1024-byte TD report instead of the quote (its
// REPORTDATA binds the key, as a quote's does), the policy hash, and for the old MigTD its
// 272-byte SERVTD_EXT and the 512-byte init TDINFO (both null for the new MigTD).
export function buildRebindCert(key: P384KeyPair, tdReport: Uint8Array, eventLog: Uint8Array, policyHash: Uint8Array,
  servtdExt: Uint8Array | null, initTdInfo: Uint8Array | null): Uint8Array | null {
  const extra: ExtraExtension[] = [];
  if (servtdExt !== null) extra.push(new ExtraExtension(O.OID_MIGTD_SERVTD_EXT, servtdExt));
  if (initTdInfo !== null) extra.push(new ExtraExtension(O.OID_MIGTD_INIT_TDINFO, initTdInfo));
  return signed(key, tbsWith(key.pub, O.OID_MIGTD_TD_REPORT, tdReport, eventLog, policyHash, extra));
}

// The whole certificate, signed with the key it certifies; null when signing fails (no
// randomness or an invalid private key).
export function buildRaTlsCert(key: P384KeyPair, quote: Uint8Array, eventLog: Uint8Array, policyHash: Uint8Array | null = null): Uint8Array | null {
  return signed(key, raTlsTbs(key.pub, quote, eventLog, policyHash));
}

