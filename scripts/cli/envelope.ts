// The one JSON document every `migtd ... --json` prints (schema: config/cli-envelope.schema.json).
// `schema` is bumped when a field changes meaning; `result` is the command's own shape, `error`
// is null or {code, message, file?, field?} whatever the command.
import type { Outcome } from "./command.ts";
import { packageVersion } from "./version.ts";

export const ENVELOPE_SCHEMA = "migtd-cli/1";
const STATUS = ["ok", "rejected", "error"] as const;

export function envelope(command: string, o: Outcome): string {
  const doc = {
    schema: ENVELOPE_SCHEMA,
    command,
    version: packageVersion(),
    exit: o.exit,
    status: STATUS[o.exit],
    result: o.result ?? null,
    error: o.error ?? null,
  };
  return JSON.stringify(doc, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}
