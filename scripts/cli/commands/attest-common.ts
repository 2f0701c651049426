// Shared helpers of the attestation commands (quote verify, report, eventlog): the default Intel
// root and verification times.
import { createRequire } from "node:module";
import { UsageError } from "../command.ts";

// Intel's production SGX root CA (DER) as shipped by @phala/dcap-qvl (src/constants.js,
// TRUSTED_ROOT_CA_DER), read at run time so the CLI and the build use the same bytes.
export function intelProductionRoot(): Buffer {
  const require = createRequire(import.meta.url);
  const qvl = require("@phala/dcap-qvl") as { constants: { TRUSTED_ROOT_CA_DER: Buffer } };
  return Buffer.from(qvl.constants.TRUSTED_ROOT_CA_DER);
}

// ISO-8601 instant -> Unix seconds.
export function parseInstant(s: string): bigint {
  const ms = Date.parse(s);
  if (!/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(ms)) throw new UsageError(`--at expects an ISO-8601 time, got '${s}'`);
  return BigInt(Math.floor(ms / 1000));
}
