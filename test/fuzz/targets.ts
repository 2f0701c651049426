// Fuzz entry points for the core's parsers of untrusted bytes, one export per target, all with
// the signature fuzz_<target>(ptr, len): void. The native harness (test/fuzz/harness.c) copies
// each input into a block from api_alloc, calls one target and frees the block; any trap is a
// finding, because these parsers must reject bad input with a value, never trap.
//
// Fixed inputs (trust anchor, reference quote, local CCEL, verification time) are handed over
// once by fuzz_fixture before the first input; fuzz_init then derives what the targets share.
import "../../assembly/util/abort";
export { api_alloc, api_free } from "../../assembly/api/memory";
import { api_free, bytesIn } from "../../assembly/api/memory";
import { api_eventlog, api_quote_parse, api_quote_verify, api_tdreport, api_ccel_table } from "../../assembly/api/attest";
import { json_check, policy_check } from "../../assembly/api/policy";
import { parseCertificate } from "../../assembly/x509/cert";
import { parseCrl } from "../../assembly/x509/crl";
import { verifyQuote } from "../../assembly/attest/verify";
import { verifiedReportOf } from "../../assembly/attest/verified_report";
import { evaluatePolicyBytes, EvalInput } from "../../assembly/policy/evaluate";
import { parseWaitResponse } from "../../assembly/vmm/messages";
import { parseMigrationInfo, parseStreamSocketInfo, MIGRATION_INFO_SIZE, MIGRATION_INFO_RAW_SIZE } from "../../assembly/vmm/migration_info";
import { p384Keygen } from "../../assembly/crypto/ecdsa";
import { TlsEngine } from "../../assembly/tls/engine";
import { LocalIdentity, PeerVerifier, TlsConfig, VerifyOutcome } from "../../assembly/tls/config";
import { parseRaTlsCert } from "../../assembly/ratls/parse";
import { checkPeerReport, ReportMacCheck } from "../../assembly/rebind/report_check";
import { decodeCollateralResponse } from "../../assembly/session/collateral_request";
import { collateralFromQgs } from "../../assembly/attest/collateral/from_qgs";
import { newestIssueDate } from "../../assembly/attest/collateral/issue_time";

// ---- fixtures ----------------------------------------------------------------------------------

export const FIXTURE_ROOT: i32 = 1; // trust anchor (DER) for quote verification
export const FIXTURE_QUOTE: i32 = 2; // a quote that verifies under the root: the reports' source
export const FIXTURE_CCEL: i32 = 3; // an event log for the policy evaluation and RTMR comparison
export const FIXTURE_NOW: i32 = 4; // verification time: 8 bytes, Unix seconds, little endian

let rootDer = new Uint8Array(0);
let refQuote = new Uint8Array(0);
let refLog = new Uint8Array(0);
let nowSecs: i64 = 0;
let refRtmrs = new Uint8Array(192);
let localReport = new Uint8Array(0);
let peerReport = new Uint8Array(0);
let identity: LocalIdentity | null = null;

export function fuzz_fixture(kind: i32, ptr: usize, len: u32): void {
  const b = bytesIn(ptr, len);
  if (kind == FIXTURE_ROOT) rootDer = b;
  else if (kind == FIXTURE_QUOTE) refQuote = b;
  else if (kind == FIXTURE_CCEL) refLog = b;
  else if (kind == FIXTURE_NOW && len == 8) nowSecs = load<i64>(b.dataStart);
}

class AcceptAll implements PeerVerifier {
  verify(certDer: Uint8Array): VerifyOutcome {
    return VerifyOutcome.accept();
  }
}

// Returns a bit set of what could not be prepared (0 = everything): 1 root, 2 reference quote,
// 4 key pair. Targets still run with whatever is missing (empty reports, no identity for TLS).
export function fuzz_init(): i32 {
  let missing = 0;
  const rp = parseCertificate(rootDer);
  const root = rp.cert;
  if (root === null) missing |= 1;
  else {
    const v = verifyQuote(refQuote, root, null, nowSecs);
    const vq = v.verified;
    if (vq === null) missing |= 2;
    else {
      localReport = verifiedReportOf(vq);
      peerReport = localReport.slice();
      // The reported RTMRs, for the event-log comparison (quote body: RTMR0..3 at 328+48*i of
      // the verified report).
      refRtmrs = localReport.slice(328, 328 + 192);
    }
  }
  const kp = p384Keygen();
  if (kp === null) missing |= 4;
  else identity = new LocalIdentity(kp, rootDer.length > 0 ? rootDer : new Uint8Array(1));
  return missing;
}

// ---- targets -----------------------------------------------------------------------------------

// Quote parse, then full verification (PCK chain, QE report, signatures) under the fixed root.
export function fuzz_quote(ptr: usize, len: u32): void {
  api_free(api_quote_parse(ptr, len));
  api_free(api_quote_verify(ptr, len, rootDer.dataStart, <u32>rootDer.length, 0, 0, nowSecs));
}

// The same bytes as an X.509 certificate and as a CRL.
export function fuzz_x509(ptr: usize, len: u32): void {
  const b = bytesIn(ptr, len);
  parseCertificate(b);
  parseCrl(b);
}

// CCEL event log: parse, replay, compare with the reference RTMRs, render; and the CCEL ACPI
// table parser on the same bytes.
export function fuzz_ccel(ptr: usize, len: u32): void {
  api_free(api_eventlog(ptr, len, refRtmrs.dataStart, 192));
  api_free(api_ccel_table(ptr, len));
}

// TDREPORT (1024 bytes expected): parse and internal hash checks.
export function fuzz_tdreport(ptr: usize, len: u32): void {
  api_free(api_tdreport(ptr, len));
}

// Policy v1: parse (and describe), then evaluate against the fixed verified reports and logs, as
// source and as destination.
export function fuzz_policy(ptr: usize, len: u32): void {
  api_free(policy_check(ptr, len));
  const bytes = bytesIn(ptr, len);
  for (let src = 0; src < 2; src++) {
    const input = new EvalInput();
    input.isSrc = src == 1;
    input.local = localReport;
    input.peer = peerReport;
    input.localLog = refLog;
    input.peerLog = refLog;
    evaluatePolicyBytes(bytes, input).toJson();
  }
}

// The JSON parser and its canonical re-serialisation.
export function fuzz_json(ptr: usize, len: u32): void {
  api_free(json_check(ptr, len));
}

// A WaitForRequest response page: header, HOB list, then the payloads the service loop parses.
export function fuzz_wait_response(ptr: usize, len: u32): void {
  const w = parseWaitResponse(bytesIn(ptr, len));
  const hobs = w.hobs;
  if (hobs === null) return;
  const info = hobs.migrationInfo;
  if (info !== null) {
    parseMigrationInfo(info, MIGRATION_INFO_SIZE);
    parseMigrationInfo(info, MIGRATION_INFO_RAW_SIZE);
    parseMigrationInfo(info, MIGRATION_INFO_SIZE, true); // policy v2: with init TDINFO
    parseMigrationInfo(info, MIGRATION_INFO_RAW_SIZE, true);
  }
  const sock = hobs.streamSocketInfo;
  if (sock !== null) parseStreamSocketInfo(sock);
}

// A GET_COLLATERAL answer from the host: the input is the QGS message, put in a completed GetQuote
// buffer (GHCI header, big-endian length) as the session reads it; what decodes is turned into
// collateral, dated, and used to verify the reference quote (every signature and date checked).
export function fuzz_collateral(ptr: usize, len: u32): void {
  const msg = bytesIn(ptr, len);
  const buf = new Uint8Array(24 + 4 + msg.length);
  store<u64>(buf.dataStart, 1);
  store<u32>(buf.dataStart + 20, 4 + len);
  buf[24] = <u8>(len >> 24); buf[25] = <u8>(len >> 16); buf[26] = <u8>(len >> 8); buf[27] = <u8>len;
  buf.set(msg, 28);
  const r = decodeCollateralResponse(buf);
  if (r.error.length > 0 || r.blobs.length != 7) return;
  const fmspc = new Uint8Array(6);
  fmspc[1] = 0x80; fmspc[2] = 0x6f; fmspc[3] = 0x05;
  const c = collateralFromQgs(r.blobs, fmspc);
  const coll = c.collateral;
  if (coll === null) return;
  const at = newestIssueDate(coll);
  const rp = parseCertificate(rootDer);
  if (rp.cert !== null) verifyQuote(refQuote, rp.cert!, coll, at > nowSecs ? at : nowSecs);
}

// A TLS 1.3 server fed the bytes as what the client sent (ClientHello first), in two pieces so
// record reassembly is exercised, then end of stream.
export function fuzz_tls_server(ptr: usize, len: u32): void {
  const id = identity;
  if (id === null) return;
  const e = TlsEngine.server(new TlsConfig(id, new AcceptAll()));
  const first = <i32>(len > 0 ? (<u32>load<u8>(ptr)) % (len + 1) : 0);
  e.feedRaw(ptr, first);
  e.takeOutput();
  e.feedRaw(ptr + <usize>first, <i32>len - first);
  e.takeOutput();
  e.readApp();
  e.feedEof();
  e.takeOutput();
  e.close();
}

// An RA-TLS certificate (the peer's, as the TLS verifier receives it), also read as a V2
// rebinding certificate whose TD report goes through its checks.
export function fuzz_ratls(ptr: usize, len: u32): void {
  const der = bytesIn(ptr, len);
  parseRaTlsCert(der);
  const rb = parseRaTlsCert(der, true);
  if (rb.cert === null) return;
  const c = rb.cert!;
  checkPeerReport(c.quote, new Uint8Array(48), new AcceptMac());
}

// Every MAC accepted, so the hash and key checks after TDG.MR.VERIFYREPORT run too.
class AcceptMac extends ReportMacCheck {
  verify(macStruct: Uint8Array): u64 { return 0; }
}
