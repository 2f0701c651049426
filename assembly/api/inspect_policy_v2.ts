// Library export for `migtd inspect` (the local web page): what a signed policy v2 holds and what
// it binds (spec migtd.md §3.4-3.5), for a person to read. It explains; the decisions stay with
// policy_v2_check and the V2 verifier, whose parser this uses unchanged.
//   api_inspect_policy_v2(policy, chain)  {"valid", ... , "policy": <policy_v2_check's summary>,
//     "issuerChain" / "servtdIdentityIssuerChain" / "servtdTcbMappingIssuerChain": certificates
//     leaf first {subject, issuer, notBefore, notAfter}, "collateral": tcbInfo per platform,
//     qeIdentity and CRL dates, "servtdIdentity": TCB levels, "servtdTcbMapping": the builds it
//     names}. An empty chain: the policyData signature is not checked (issuerChain is then empty).
import { JsonWriter } from "../json/writer";
import { resultFor } from "../result/map";
import { PolicyV2Error, policyV2ErrorName } from "../result/policy_v2";
import { parseSignedPolicy, SignedPolicyV2 } from "../policy_v2/parse";
import { writePolicyV2 } from "../policy_v2/describe";
import { IssuerChain } from "../policy_v2/issuer_chain";
import { parseTcbInfo } from "../attest/collateral/tcbinfo";
import { parseQeIdentity } from "../attest/collateral/qeidentity";
import { commonName } from "../x509/name";
import { isoTime, TIME_INVALID } from "../der/time";
import { bytesIn, returnString } from "./memory";

function writeChain(w: JsonWriter, key: string, chain: IssuerChain): void {
  w.beginArray(key);
  for (let i = 0; i < chain.certs.length; i++) {
    const c = chain.certs[i];
    w.beginObject().str("subject", commonName(c.subject)).str("issuer", commonName(c.issuer))
      .str("notBefore", isoTime(c.notBefore)).str("notAfter", isoTime(c.notAfter)).endObject();
  }
  w.endArray();
}

// Dates of the Intel collateral the policy carries: what a peer's quote is judged with.
function writeCollateral(w: JsonWriter, p: SignedPolicyV2): void {
  w.beginObject("collateral").str("root", commonName(p.rootCa.subject)).str("rootNotAfter", isoTime(p.rootCa.notAfter));
  w.beginArray("platforms");
  for (let i = 0; i < p.collateral.platforms.length; i++) {
    const pl = p.collateral.platforms[i];
    const t = parseTcbInfo(pl.tcbInfo.body);
    w.beginObject().str("fmspc", pl.fmspc);
    if (t.info !== null) {
      const info = t.info!;
      w.int("tcbEvaluationDataNumber", info.evaluationDataNumber).str("issueDate", isoTime(info.issueDate))
        .str("nextUpdate", isoTime(info.nextUpdate)).int("tcbLevels", info.levels.length);
    } else w.str("error", t.error);
    w.endObject();
  }
  w.endArray();
  const qe = p.collateral.qeIdentity;
  if (qe !== null) {
    const q = parseQeIdentity(qe.body);
    w.beginObject("qeIdentity");
    if (q.identity !== null) w.str("id", q.identity!.id).str("issueDate", isoTime(q.identity!.issueDate)).str("nextUpdate", isoTime(q.identity!.nextUpdate));
    else w.str("error", q.error);
    w.endObject();
  } else w.nul("qeIdentity");
  w.beginArray("crls");
  for (let i = 0; i < p.collateral.crls.length; i++) {
    const c = p.collateral.crls[i];
    w.beginObject().str("issuer", commonName(c.issuer)).str("thisUpdate", isoTime(c.thisUpdate))
      .strOrNull("nextUpdate", c.nextUpdate == TIME_INVALID ? null : isoTime(c.nextUpdate)).int("revoked", c.revoked.length).endObject();
  }
  w.endArray();
  w.int("pckCrlNum", p.pckCrlNum).int("rootCaCrlNum", p.rootCaCrlNum);
  w.endObject();
}

function writeServtd(w: JsonWriter, p: SignedPolicyV2): void {
  const id = p.servtd.identity;
  w.beginObject("servtdIdentity").str("id", id.id).str("issueDate", id.issueDate).str("nextUpdate", id.nextUpdate).int("isvProdId", id.isvProdId);
  w.beginArray("tcbLevels");
  for (let i = 0; i < id.levels.length; i++) {
    const l = id.levels[i];
    w.beginObject().int("isvsvn", l.isvsvn).str("tcbDate", l.tcbDate).str("tcbStatus", l.tcbStatus).endObject();
  }
  w.endArray().endObject();
  const m = p.servtd.mapping;
  w.beginObject("servtdTcbMapping").str("id", m.id).str("issueDate", m.issueDate).str("nextUpdate", m.nextUpdate);
  w.beginArray("svnMappings");
  for (let i = 0; i < m.mappings.length; i++) {
    const e = m.mappings[i];
    w.beginObject().int("isvsvn", e.isvsvn).hex("mrtd", e.mrtd).hex("rtmr0", e.rtmr0).hex("rtmr1", e.rtmr1);
    if (e.rtmr2 !== null) w.hex("rtmr2", e.rtmr2!);
    if (e.rtmr3 !== null) w.hex("rtmr3", e.rtmr3!);
    w.endObject();
  }
  w.endArray().endObject();
}

export function api_inspect_policy_v2(ptr: usize, len: u32, chainPtr: usize, chainLen: u32): usize {
  const r = parseSignedPolicy(bytesIn(ptr, len), bytesIn(chainPtr, chainLen));
  const w = new JsonWriter().beginObject().bool("valid", r.ok);
  if (!r.ok) {
    const f = r.failure!;
    w.int("code", <i64>resultFor(f.code)).str("error", policyV2ErrorName(<PolicyV2Error>f.code)).str("path", r.path).str("message", f.reason);
    return returnString(w.endObject().toString());
  }
  const p = r.policy!;
  w.int("code", 0);
  writePolicyV2(w, "policy", p);
  writeChain(w, "issuerChain", p.signatureChecked ? p.issuer : new IssuerChain());
  writeChain(w, "servtdIdentityIssuerChain", p.servtd.identityChain);
  writeChain(w, "servtdTcbMappingIssuerChain", p.servtd.mappingChain);
  writeCollateral(w, p);
  writeServtd(w, p);
  return returnString(w.endObject().toString());
}
