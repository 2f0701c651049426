// Shared by `migtd policy check` and `migtd policy eval`: the JSON-schema gate
// (config/policy.schema.json, stricter than MigTD about unknown keys and names). The policy engine
// itself lives in the core (assembly/policy/).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ErrorObject } from "ajv";
import { repoRoot } from "../../host/library.ts";

let validator: ReturnType<Ajv["compile"]> | undefined;

// Schema problems as "path: message" lines; [] when the policy matches. `bytes` must already be
// JSON the core accepted (NUL padding is trimmed here as the core does).
export function schemaErrors(bytes: Uint8Array): string[] {
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
    return [`(document): ${(e as Error).message}`];
  }
  if (validator(doc)) return [];
  return (validator.errors ?? []).map((e: ErrorObject) => {
    const extra = e.keyword === "additionalProperties" ? ` ("${(e.params as { additionalProperty: string }).additionalProperty}")` : "";
    return `${e.instancePath || "(top level)"}: ${e.message}${extra}`;
  });
}
