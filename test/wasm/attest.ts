// Library test module for the attestation layers: the same exports as the core's library API
// (assembly/api/attest.ts), built alone so attestation tests do not depend on the service loop.
import "../../assembly/util/abort";
export { api_alloc, api_free } from "../../assembly/api/memory";
export * from "../../assembly/api/attest";
