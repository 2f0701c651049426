// JSON views of quotes, verdicts and TDREPORTs for the library API (CLI, tests).
import { JsonWriter } from "../json/writer";
import { toHex } from "../util/hex";
import { Quote, BODY_TD15 } from "./quote";
import { TdBody } from "./body";
import { QuoteVerdict } from "./verify";
import { TdReportParse } from "./tdreport";
import { commonName } from "../x509/name";

export function renderBody(w: JsonWriter, b: TdBody): void {
  w.beginObject("body");
  w.hex("teeTcbSvn", b.teeTcbSvn).hex("mrSeam", b.mrSeam).hex("mrSignerSeam", b.mrSignerSeam);
  w.hex("seamAttributes", b.seamAttributes).hex("tdAttributes", b.tdAttributes).hex("xfam", b.xfam);
  w.hex("mrtd", b.mrtd).hex("mrConfigId", b.mrConfigId).hex("mrOwner", b.mrOwner).hex("mrOwnerConfig", b.mrOwnerConfig);
  w.beginArray("rtmr");
  for (let i = 0; i < b.rtmr.length; i++) w.itemHex(b.rtmr[i]);
  w.endArray();
  w.hex("reportData", b.reportData);
  if (b.isTd15) w.hex("teeTcbSvn2", b.teeTcbSvn2).hex("mrServiceTd", b.mrServiceTd);
  w.endObject();
}

export function renderQuote(w: JsonWriter, q: Quote): void {
  w.num("version", <f64>q.version);
  w.str("teeType", "0x" + q.teeType.toString(16));
  w.num("attKeyType", <f64>q.attKeyType);
  w.str("bodyType", q.bodyType == BODY_TD15 ? "TD15" : "TD10");
  w.hex("qeVendor", q.qeVendor).hex("userData", q.userData);
  w.num("sigDataLen", <f64>q.sigDataLen).num("structLen", <f64>q.structLen);
  w.num("qeAuthDataLen", <f64>q.qeAuthData.length).num("pckChainLen", <f64>q.pckChainPem.length);
  renderBody(w, q.body);
  const r = q.qeReport;
  w.beginObject("qeReport");
  w.hex("mrEnclave", r.mrEnclave).hex("mrSigner", r.mrSigner);
  w.num("isvProdId", <f64>r.isvProdId).num("isvSvn", <f64>r.isvSvn);
  w.num("miscSelect", <f64>r.miscSelect).hex("attributes", r.attributes);
  w.endObject();
}

export function renderVerdict(w: JsonWriter, v: QuoteVerdict): void {
  w.bool("verified", v.verified !== null);
  const q = v.quote;
  if (q !== null) renderQuote(w, q);
  else w.nul("version").nul("teeType").nul("body");
  const p = v.pck;
  if (p !== null) {
    w.str("fmspc", toHex(p.fmspc)).str("pceId", toHex(p.pceId)).num("pceSvn", <f64>p.pceSvn).hex("cpuSvn", p.cpuSvn);
  } else {
    w.nul("fmspc");
  }
  const vq = v.verified;
  if (vq !== null) {
    w.str("pckSubject", commonName(vq.pckLeaf.subject));
    w.num("pckNotAfter", <f64>vq.pckLeaf.notAfter);
  }
  const t = v.tcb;
  if (t !== null && t.status.length > 0) {
    w.str("tcbStatus", t.status);
    w.beginObject("tcb");
    w.str("platform", t.platformStatus);
    w.strOrNull("module", t.moduleStatus.length > 0 ? t.moduleStatus : null);
    w.str("qe", t.qeStatus);
    w.num("evaluationDataNumber", <f64>t.evaluationDataNumber);
    w.endObject();
    w.beginArray("advisoryIds");
    for (let i = 0; i < t.advisories.length; i++) w.itemStr(t.advisories[i]);
    w.endArray();
  } else {
    w.nul("tcbStatus");
  }
}

export function renderTdReport(w: JsonWriter, p: TdReportParse): void {
  const t = p.report;
  if (t === null) return;
  w.num("reportType", <f64>t.reportType).num("reportSubtype", <f64>t.reportSubtype).num("reportVersion", <f64>t.reportVersion);
  w.hex("cpuSvn", t.cpuSvn).hex("teeTcbInfoHash", t.teeTcbInfoHash).hex("teeInfoHash", t.teeInfoHash);
  w.hex("reportData", t.reportData).hex("mac", t.mac);
  w.beginObject("teeTcbInfo");
  w.hex("valid", t.teeTcbInfoValid).hex("teeTcbSvn", t.teeTcbSvn).hex("mrSeam", t.mrSeam).hex("mrSignerSeam", t.mrSignerSeam);
  w.hex("attributes", t.seamAttributes).hex("teeTcbSvn2", t.teeTcbSvn2);
  w.endObject();
  w.beginObject("tdInfo");
  w.hex("attributes", t.attributesBytes).hex("xfam", t.xfamBytes).hex("mrtd", t.mrTd).hex("mrConfigId", t.mrConfigId);
  w.hex("mrOwner", t.mrOwner).hex("mrOwnerConfig", t.mrOwnerConfig);
  w.beginArray("rtmr");
  for (let i = 0; i < 4; i++) w.itemHex(t.rtmr(i));
  w.endArray();
  w.hex("servtdHash", t.servtdHash);
  w.endObject();
  w.bool("teeTcbInfoHashOk", p.teeTcbInfoHashOk).bool("teeInfoHashOk", p.teeInfoHashOk);
}
