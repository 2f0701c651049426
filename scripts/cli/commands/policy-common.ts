// Shared by the policy commands and the image build: a policy file judged first by the core's own
// parser (assembly/policy/parse.ts, exactly as MigTD reads it), then by config/policy.schema.json
// (stricter: unknown keys and names are errors). An invalid policy is an input error everywhere.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject } from "ajv";
import { repoRoot, sharedCore } from "../../host/library.ts";
import type { ErrorInfo } from "../command.ts";

let validator: ReturnType<Ajv["compile"]> | undefined;

// Schema problems as {field, message}; [] when the policy matches. `bytes` must already be JSON
// the core accepted (NUL padding is trimmed here as the core does).
export function schemaProblems(bytes: Uint8Array): { field: string; message: string }[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(join(repoRoot, "config", "policy.schema.json"), "utf8"));
    validator = new Ajv({ allErrors: true }).compile(schema);
  }
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes[start] === 0) start++;
  while (end > start && bytes[end - 1] === 0) end--;
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes.subarray(start, end)).toString("utf8"));
  } catch (e) {
    return [{ field: "(document)", message: (e as Error).message }];
  }
  if (validator(doc)) return [];
  return (validator.errors ?? []).map((e: ErrorObject) => {
    const extra = e.keyword === "additionalProperties" ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : "";
    return { field: e.instancePath || "(top level)", message: `${e.message}${extra}` };
  });
}

// "path: message" lines, as `policy check` prints them.
export const schemaErrors = (bytes: Uint8Array): string[] => schemaProblems(bytes).map((p) => `${p.field}: ${p.message}`);

export interface PolicyJudgement {
  parsed: PolicyCheckResult;
  schema: { field: string; message: string }[];
  error: ErrorInfo | null; // null: valid
}

export interface PolicyCheckResult {
  valid: boolean;
  code: number;
  key?: string;
  message?: string;
  pos?: number;
  policy?: { id: string; blocks: { path: string; kind: string; fmspc?: string; properties: Rule[]; eventLog?: Rule[] | null }[]; warnings: string[] };
}
export interface Rule { path: string; name: string; operation: string; reference: unknown }

export function judgePolicy(bytes: Uint8Array, file: string, useSchema = true): PolicyJudgement {
  const parsed = sharedCore().callJson<PolicyCheckResult>("policy_check", bytes);
  if (!parsed.valid) {
    const field = parsed.key || undefined;
    const at = [field ? `field ${field}` : "", parsed.pos !== undefined && !/byte/.test(parsed.message ?? "") ? `byte ${parsed.pos}` : ""].filter(Boolean).join(", ");
    return {
      parsed, schema: [],
      error: { code: "InvalidPolicy", message: `policy '${file}': ${parsed.message}${at ? ` (${at})` : ""}; MigTD would report InvalidPolicyError (9)`, file, ...(field ? { field } : {}) },
    };
  }
  const schema = useSchema ? schemaProblems(bytes) : [];
  if (schema.length > 0) {
    // The deepest path is where the problem is (a failed oneOf also reports every enclosing level).
    const first = [...schema].sort((a, b) => b.field.length - a.field.length)[0];
    return {
      parsed, schema,
      error: { code: "SchemaViolation", message: `policy '${file}': ${first.field}: ${first.message} (config/policy.schema.json${schema.length > 1 ? `, and ${schema.length - 1} more` : ""})`, file, field: first.field },
    };
  }
  return { parsed, schema, error: null };
}
