// Intel's production SGX root CA (DER), taken from the npm package @phala/dcap-qvl, which ships it
// (base64 in its constants module, exported as TRUSTED_ROOT_CA_DER). A static import, so the
// compiled CLI carries the bytes and needs no dependency at run time. Checked to be a DER
// certificate whose subject names Intel's root.
import { X509Certificate } from "node:crypto";
import constants from "@phala/dcap-qvl/src/constants.js";

export function intelRootCaDer(): Buffer {
  const der = constants.TRUSTED_ROOT_CA_DER;
  if (!Buffer.isBuffer(der)) throw new Error("@phala/dcap-qvl no longer exports TRUSTED_ROOT_CA_DER");
  const cert = new X509Certificate(der);
  if (!/Intel SGX Root CA/.test(cert.subject)) throw new Error(`unexpected root CA subject: ${cert.subject}`);
  return Buffer.from(der);
}
