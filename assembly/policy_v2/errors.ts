// Re-exported from the bottom of the core (result/policy_v2.ts), as every layer does.
export { PolicyV2Error, policyV2ErrorName } from "../result/policy_v2";
