// Policy v2 view: a signed policy v2, or a MigTD image whose config volume enrolls one (migtd.md
// 3.4, 5.2), explained by api_inspect_policy_v2: who signed it and at which policySvn, what a
// MigTD enrolled with it must be created with (MROWNER / MROWNERCONFIG), its issuer chains with
// their validity, the dates of the Intel collateral it carries, and the ServTD identity and TCB
// mapping it judges MigTDs by. The verdict on the policy itself is policy_v2_check's.
import type { BrowserCore } from "../core.ts";
import { badge, h, hexCell } from "../dom.ts";
import { errorBox, section } from "../results.ts";
import { resultLabel } from "./common.ts";
import { cfvFilesOf } from "../../../image/enrollment.ts";

export interface PolicyV2Inputs { file: Uint8Array; chain: Uint8Array | null }

// A MigTD image starts with its config volume (migtd.md 5.1): "_FVH" at offset 40.
export function isImage(b: Uint8Array): boolean {
  return b.length >= 0x1000 && String.fromCharCode(b[40], b[41], b[42], b[43]) === "_FVH";
}

const kv = (rows: [string, Node | string][]) => h("dl", { class: "kv" }, ...rows.flatMap(([k, x]) => [h("dt", {}, k), h("dd", {}, x)]));

function table(caption: string, cols: string[], rows: (Node | string)[][], attrs: Record<string, string> = {}): HTMLElement {
  return h("div", { class: "scroll" }, h("table", attrs,
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, ...cols.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c)))))));
}

function chainTable(caption: string, certs: any[]): HTMLElement {
  return table(caption, ["#", "subject", "issuer", "not before", "not after"],
    certs.map((c, i) => [String(i), c.subject, c.issuer, c.notBefore, c.notAfter]), { "data-chain": caption });
}

export function renderPolicyV2(core: BrowserCore, inp: PolicyV2Inputs): HTMLElement[] {
  let policy = inp.file;
  let chain = inp.chain;
  const out: HTMLElement[] = [];
  if (isImage(inp.file)) {
    // The CFV is the image's first 640 KiB; the reader stops at its own fv_length.
    const f = cfvFilesOf(inp.file);
    if ("error" in f) return [errorBox("image", f.error, "the firmware refuses to boot such a config volume")];
    if (f.version === 1) {
      return [section("image-enrollment", "Image enrollment", { version: 1, policyBytes: f.policy.length, rootCaBytes: f.anchor.length },
        kv([["enrolls", "a v1 policy and the SGX root CA (a V1 MigTD)"], ["policy", `${f.policy.length} bytes`], ["root CA", `${f.anchor.length} bytes`]]),
        h("p", { class: "muted" }, "Open its policy in the Policy view to evaluate it; this view explains signed policies v2."))];
    }
    policy = f.policy;
    chain = f.anchor;
    out.push(section("image-enrollment", "Image enrollment", { version: 2, policyBytes: f.policy.length, issuerChainBytes: f.anchor.length },
      kv([["enrolls", "a signed policy v2 and its issuer chain (a V2 MigTD)"], ["policy", `${f.policy.length} bytes`], ["issuer chain", `${f.anchor.length} bytes (used below; a chain given separately is ignored)`]])));
  }
  const r = core.callJson("api_inspect_policy_v2", policy, chain ?? new Uint8Array(0));
  if (!r.valid) {
    out.push(section("policy-v2", "Signed policy v2", r,
      h("dl", { class: "kv", "data-verdict": "invalid" }, h("dt", {}, "verdict"), h("dd", {}, badge(false, "does not verify")),
        h("dt", {}, "MigTD result code"), h("dd", {}, resultLabel(core, r.code))),
      errorBox("policy v2", `${r.error}: ${r.path ? r.path + ": " : ""}${r.message}`, "a MigTD enrolled with it refuses to start (InvalidPolicyError)")));
    return out;
  }
  const p = r.policy;
  const checked = p.signatureChecked;
  out.push(section("policy-v2", "Signed policy v2", r,
    h("dl", { class: "kv", "data-verdict": checked ? "verified" : "unchecked" },
      h("dt", {}, "verdict"), h("dd", {}, checked ? badge(true, "signature verifies with the issuer chain") : badge(null, "well-formed; signature not checked (give the issuer chain)")),
      h("dt", {}, "policy id"), h("dd", { "data-field": "id" }, p.id),
      h("dt", {}, "policySvn"), h("dd", { "data-field": "policySvn" }, String(p.policySvn)),
      ...(checked ? [h("dt", {}, "signer"), h("dd", { "data-field": "signer" }, p.signer), h("dt", {}, "signer's root"), h("dd", {}, p.root)] : []),
      ...(p.mrOwner ? [h("dt", {}, "MROWNER a MigTD must have"), h("dd", {}, hexCell(p.mrOwner))] : []),
      h("dt", {}, "MROWNERCONFIG"), h("dd", {}, hexCell(p.mrOwnerConfig)),
      h("dt", {}, "rules"), h("dd", {}, `${p.policy.length} in policy, ${p.forwardPolicy.length} forward (source checks destination), ${p.backwardPolicy.length} backward`)),
    ...(checked ? [chainTable("Policy issuer chain (leaf first)", r.issuerChain)] : []),
    table("Intel collateral carried (a peer's quote is judged with it)", ["item", "FMSPC / issuer", "TCB eval #", "issued", "next update"], [
      ...r.collateral.platforms.map((x: any) => ["TCB info", x.fmspc, String(x.tcbEvaluationDataNumber ?? "-"), x.issueDate ?? x.error, x.nextUpdate ?? ""]),
      ...(r.collateral.qeIdentity ? [["QE identity", r.collateral.qeIdentity.id ?? "", "", r.collateral.qeIdentity.issueDate ?? r.collateral.qeIdentity.error, r.collateral.qeIdentity.nextUpdate ?? ""]] : []),
      ...r.collateral.crls.map((c: any) => ["CRL", c.issuer, "", c.thisUpdate, c.nextUpdate ?? "-"]),
    ], { "data-table": "collateral" }),
    table(`ServTD identity ${r.servtdIdentity.id} (issued ${r.servtdIdentity.issueDate || "-"}, next update ${r.servtdIdentity.nextUpdate || "-"})`,
      ["ISVSVN", "TCB date", "TCB status"], r.servtdIdentity.tcbLevels.map((l: any) => [String(l.isvsvn), l.tcbDate, l.tcbStatus]), { "data-table": "servtd-identity" }),
    table(`TCB mapping ${r.servtdTcbMapping.id} (issued ${r.servtdTcbMapping.issueDate || "-"}, next update ${r.servtdTcbMapping.nextUpdate || "-"})`,
      ["ISVSVN", "MRTD", "RTMR0", "RTMR1", "RTMR2 / RTMR3"], r.servtdTcbMapping.svnMappings.map((m: any) =>
        [String(m.isvsvn), hexCell(m.mrtd), hexCell(m.rtmr0), hexCell(m.rtmr1), m.rtmr2 || m.rtmr3 ? h("span", {}, m.rtmr2 ? hexCell(m.rtmr2) : "-", " / ", m.rtmr3 ? hexCell(m.rtmr3) : "-") : "(not compared)"]), { "data-table": "tcb-mapping" }),
    chainTable("ServTD identity issuer chain", r.servtdIdentityIssuerChain),
    chainTable("TCB mapping issuer chain", r.servtdTcbMappingIssuerChain)));
  return out;
}
