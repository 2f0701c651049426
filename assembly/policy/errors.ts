// Policy outcomes are defined with the other layers' ranges at the bottom of the core
// (result/policy.ts); result/map.ts gives each its MigTD result code.
import { PolicyErrorKind } from "../result/policy";
import { resultFor } from "../result/map";
export { PolicyErrorKind, policyErrorName } from "../result/policy";

export function policyResultCode(k: PolicyErrorKind): u8 {
  return resultFor(k);
}
