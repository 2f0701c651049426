// Shared helpers of the attestation commands (quote verify, report, eventlog): the default Intel
// root, verification times, and which core error names mean "the input is not well formed" (exit 2)
// rather than "rejected" (exit 1).
import { UsageError } from "../command.ts";
import { intelRootCaDer } from "../../image/root-ca.ts";

// The same bytes `make image` enrolls by default.
export const intelProductionRoot = intelRootCaDer;

// ISO-8601 instant -> Unix seconds.
export function parseInstant(s: string): bigint {
  const ms = Date.parse(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(ms)) throw new UsageError(`--at expects an ISO-8601 time, got '${s}'`);
  return BigInt(Math.floor(ms / 1000));
}

// Structure errors of the file itself (assembly/attest/errors.ts names). Everything else the core
// reports about a parsed input is a verdict.
export const MALFORMED = new Set([
  "QuoteMalformed", "QuoteUnsupportedVersion", "QuoteNotTdx", "QuoteUnsupportedBody",
  "RootMalformed", "CollateralMalformed", "ReportMalformed", "EventLogMalformed",
]);

// Which input file a malformed-input error is about.
export function malformedFile(code: string, files: { quote?: string; root?: string; collateral?: string; report?: string; log?: string }): string | undefined {
  if (code.startsWith("Quote")) return files.quote;
  if (code === "RootMalformed") return files.root;
  if (code === "CollateralMalformed") return files.collateral;
  if (code === "ReportMalformed") return files.report;
  if (code === "EventLogMalformed") return files.log;
  return undefined;
}
