// u1*G + u2*Q for signature verification, where every input is public: dispatch to the curve's
// variable-time double-scalar multiplier, each in its own radix-2^26 field with interleaved wNAF
// (p256_verify.ts, p384_verify.ts).
import { Curve } from "./curve";
import { KIND_P256F } from "./fld";
import { p256MulDoubleVartime } from "./p256_verify";
import { p384MulDoubleVartime } from "./p384_verify";

// r = u1*G + u2*Q (Jacobian: x = X/Z^2, Z = 0 for the identity; saturated Montgomery form of
// fld.ts). u1, u2 plain limbs < n; Q affine, Montgomery form.
export function mulDoubleVartime(C: Curve, r: usize, u1: usize, u2: usize, Q: usize): void {
  if (C.F.kind == KIND_P256F) p256MulDoubleVartime(r, u1, u2, Q);
  else p384MulDoubleVartime(r, u1, u2, Q);
}
