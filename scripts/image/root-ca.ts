// Intel's production SGX root CA (DER), taken at build time from the npm package
// @phala/dcap-qvl, which ships it (base64 in its constants module, exported as
// TRUSTED_ROOT_CA_DER). Checked to be a DER certificate whose subject names Intel's root.
import { createRequire } from "node:module";
import { X509Certificate } from "node:crypto";

export function intelRootCaDer(): Buffer {
  const require = createRequire(import.meta.url);
  const constants = require("@phala/dcap-qvl/src/constants.js") as { TRUSTED_ROOT_CA_DER?: Buffer };
  const der = constants.TRUSTED_ROOT_CA_DER;
  if (!Buffer.isBuffer(der)) throw new Error("@phala/dcap-qvl no longer exports TRUSTED_ROOT_CA_DER");
  const cert = new X509Certificate(der);
  if (!/Intel SGX Root CA/.test(cert.subject)) throw new Error(`unexpected root CA subject: ${cert.subject}`);
  return Buffer.from(der);
}
