// Attestation errors are defined with the other layers' ranges at the bottom of the core
// (result/codes.ts lists them; result/map.ts gives each its MigTD result code).
export { AttestError, errorName } from "../result/attest";
export { Failure } from "../result/failure";
