// The two NIST prime curves y^2 = x^3 - 3x + b over GF(p) (FIPS 186-4 D.1.2, SEC 2 v2), both of
// prime order n (cofactor 1). Constants come from the generated field files.
import { Fld, KIND_P256F, KIND_P256N, KIND_P384F, KIND_P384N } from "./fld";
import { P256F_MOD, P256F_ONE, P256F_R2, P256F_EXP_INV, P256_B, P256_GX, P256_GY } from "./p256_field";
import { P384F_MOD, P384F_ONE, P384F_R2, P384F_EXP_INV, P384_B, P384_GX, P384_GY } from "./p384_field";
import { P256N_MOD, P256N_ONE, P256N_R2, P256N_EXP_INV } from "./p256_scalar";
import { P384N_MOD, P384N_ONE, P384N_R2, P384N_EXP_INV } from "./p384_scalar";

export class Curve {
  // Base-point table for fixed-base multiplication (see base_table.ts), built on first use.
  baseTable: usize = 0;
  constructor(
    public F: Fld, // coordinates, mod p
    public S: Fld, // scalars, mod n
    public b: usize, // Montgomery form
    public gx: usize, // Montgomery form
    public gy: usize,
  ) {}
  // Bytes of one coordinate or scalar (32 or 48).
  get size(): i32 {
    return this.F.bytes;
  }
  // Bits of n (256 or 384): qlen of RFC 6979 §2.3.
  get bits(): i32 {
    return this.F.limbs << 5;
  }
  // Signed 4-bit windows covering a scalar < 2^bits, plus one for the final carry.
  get windows(): i32 {
    return (this.F.limbs << 3) + 1;
  }
}

export const P256: Curve = new Curve(
  new Fld(KIND_P256F, 8, P256F_MOD, P256F_ONE, P256F_R2, P256F_EXP_INV),
  new Fld(KIND_P256N, 8, P256N_MOD, P256N_ONE, P256N_R2, P256N_EXP_INV),
  P256_B, P256_GX, P256_GY,
);

export const P384: Curve = new Curve(
  new Fld(KIND_P384F, 12, P384F_MOD, P384F_ONE, P384F_R2, P384F_EXP_INV),
  new Fld(KIND_P384N, 12, P384N_MOD, P384N_ONE, P384N_R2, P384N_EXP_INV),
  P384_B, P384_GX, P384_GY,
);
