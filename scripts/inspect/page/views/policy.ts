// Policy view: the same steps as `migtd policy eval --json` — policy_check, the schema gate
// (config/policy.schema.json, compiled into the page at build time), then policy_evaluate — shown
// rule by rule in MigTD's evaluation order with the decisive failing rule highlighted.
import type { BrowserCore } from "../core.ts";
import { badge, h } from "../dom.ts";
import { errorBox, section } from "../results.ts";
import { resultLabel } from "./common.ts";
// @ts-ignore: a virtual module made by scripts/inspect/build.ts (Ajv standalone code)
import validateSchema from "inspect:policy-schema";

export interface PolicyInputs {
  policy: Uint8Array;
  local: Uint8Array;
  peer: Uint8Array;
  localLog: Uint8Array | null;
  peerLog: Uint8Array | null;
  role: "source" | "destination";
  schema: boolean;
}

// As scripts/cli/commands/policy-common.ts (schemaProblems) reports them: {field, message}.
function schemaProblems(bytes: Uint8Array): { field: string; message: string }[] {
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes[start] === 0) start++;
  while (end > start && bytes[end - 1] === 0) end--;
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder().decode(bytes.subarray(start, end)));
  } catch (e) {
    return [{ field: "(document)", message: (e as Error).message }];
  }
  const validate = validateSchema as ((d: unknown) => boolean) & { errors?: any[] };
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e: any) => {
    const extra = e.keyword === "additionalProperties" ? ` ("${e.params.additionalProperty}")` : "";
    return { field: e.instancePath || "(top level)", message: `${e.message}${extra}` };
  });
}

const none = new Uint8Array(0);

// Like `migtd policy eval`, an invalid policy or a schema violation is an input error: nothing is
// evaluated, and the JSON has no result, only the error (code and field as the CLI's envelope has them).
export function renderPolicy(core: BrowserCore, inp: PolicyInputs): HTMLElement[] {
  const parsed = core.callJson("policy_check", inp.policy);
  if (!parsed.valid) {
    const field = parsed.key || undefined;
    const j = { result: null, error: { code: "InvalidPolicy", message: parsed.message, ...(field ? { field } : {}) }, policyCheck: parsed };
    return [section("policy-eval", "Policy verdict", j,
      h("dl", { class: "kv", "data-verdict": "invalid" },
        h("dt", {}, "verdict"), h("dd", {}, badge(false, "invalid policy: not evaluated")),
        h("dt", {}, "MigTD result code"), h("dd", {}, resultLabel(core, parsed.code))),
      errorBox("policy", parsed.message, `${field ? `field ${field}, ` : ""}byte ${parsed.pos}; MigTD would report InvalidPolicyError (9)`))];
  }
  const schema = inp.schema ? schemaProblems(inp.policy) : [];
  if (schema.length > 0) {
    // The deepest path is where the problem is (as the CLI picks it).
    const first = [...schema].sort((a, b) => b.field.length - a.field.length)[0];
    const j = { result: null, error: { code: "SchemaViolation", message: `${first.field}: ${first.message}`, field: first.field }, schemaErrors: schema };
    return [section("policy-eval", "Policy verdict", j,
      errorBox("policy schema", `${first.field}: ${first.message}`, "the policy does not match config/policy.schema.json (untick the schema check to judge it as MigTD does)"),
      h("ul", { class: "schema-errors" }, ...schema.map((p) => h("li", {}, h("code", {}, `${p.field}: ${p.message}`)))))];
  }
  const v = core.callJson("policy_evaluate", inp.policy, inp.local, inp.peer, inp.localLog ?? none, inp.peerLog ?? none, inp.role === "source" ? 1 : 0);
  return [verdictSection(core, v)];
}

function show(x: unknown): string {
  return typeof x === "string" ? x : JSON.stringify(x);
}

function verdictSection(core: BrowserCore, v: any): HTMLElement {
  const failing = v.rules.find((r: any) => r.decisive && r.result !== "pass") ?? v.rules.find((r: any) => r.path === v.failedRule);
  const head = h("dl", { class: "kv", "data-verdict": v.accepted ? "accepted" : "rejected" },
    h("dt", {}, "verdict"), h("dd", {}, badge(v.accepted, v.accepted ? "accepted" : "rejected")),
    h("dt", {}, "MigTD result code"), h("dd", {}, resultLabel(core, v.code)),
    h("dt", {}, "this MigTD's role"), h("dd", {}, v.role),
    h("dt", {}, "policy id"), h("dd", {}, v.policyId || "-"),
    ...(v.accepted ? [] : [h("dt", {}, "error"), h("dd", { "data-field": "error" }, `${v.error}${v.inputError ? " (input error)" : ""}: ${v.message}`)]),
    ...(v.failedRule ? [h("dt", {}, "first failing rule"), h("dd", { "data-field": "failedRule" }, h("code", {}, v.failedRule))] : []));
  const body: HTMLElement[] = [head];
  if (failing) {
    body.push(h("div", { class: "failing", role: "note", "aria-label": "the failing rule" },
      h("h4", {}, "Failing rule ", h("code", {}, failing.path)),
      h("dl", { class: "kv" },
        h("dt", {}, "expected"), h("dd", { "data-field": "expected" }, `${failing.operation} ${show(failing.reference)}`),
        h("dt", {}, "peer (actual)"), h("dd", { "data-field": "actual" }, failing.peer || "-"),
        h("dt", {}, "local"), h("dd", {}, failing.local || "-"),
        ...(failing.note ? [h("dt", {}, "note"), h("dd", {}, failing.note)] : []))));
  }
  if (v.rules.length > 0) {
    body.push(h("div", { class: "scroll" }, h("table", { class: "rules" },
      h("caption", {}, "Rules in MigTD's evaluation order"),
      h("thead", {}, h("tr", {}, ...["result", "rule", "operation", "reference (expected)", "local", "peer (actual)", "note"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, ...v.rules.map((r: any) => h("tr", {
        class: `rule r-${r.result}${r === failing ? " failing-rule" : ""}`,
        "data-rule": r.path, "data-result": r.result, "aria-current": r === failing ? "true" : null,
      },
        h("td", {}, badge(r.result === "pass" ? true : r.result === "fail" ? false : null, r.result + (r.decisive ? " (decisive)" : ""))),
        h("th", { scope: "row" }, h("code", {}, r.path)),
        h("td", {}, r.operation), h("td", {}, h("code", {}, show(r.reference))),
        h("td", {}, h("code", { class: "hex" }, r.local)), h("td", {}, h("code", { class: "hex" }, r.peer)), h("td", {}, r.note)))))));
  }
  if (v.warnings.length > 0) body.push(h("div", {}, h("h4", {}, "Policy warnings"), h("ul", {}, ...v.warnings.map((w: string) => h("li", {}, w)))));
  return section("policy-eval", "Policy verdict", v, ...body);
}
