// Generator for assembly/crypto/ec/p256_point26.ts: the Jacobian point formulas of P-256
// signature verification (p256_verify.ts), doubling, addition and mixed addition, each as one
// straight-line function over the radix-2^26 field of p256_r26.ts with every intermediate field
// element in locals. Run: node scripts/gen/p256-point.mjs [outdir]
// (outdir defaults to assembly/crypto/ec; test/gen/p256-point.test.ts renders into a scratch
// directory and checks the committed file equals it.)
//
// Why: a formula composed of the p26* functions passes every intermediate through linear
// memory, and natively (wasm2c) each memory access is a bounds-checked load or store, each call
// a prologue, a call-depth check and an epilogue: about a fifth of a doubling. The arithmetic is
// exactly that of the composition (same products, same reduction, same limb-wise additions and
// constants), so results are the same limb for limb: test/crypto/ec-p256-split.test.ts compares
// the two on inputs up to the N-form bounds.
//
// Formulas (hyperelliptic.org/EFD/g1p/auto-shortw-jacobian-3.html), as p256_verify.ts used them:
//   doubling dbl-2001-b (a = -3):
//     delta = Z1^2, gamma = Y1^2, beta = X1 gamma, alpha = 3 (X1 - delta)(X1 + delta),
//     X3 = alpha^2 - 8 beta, Z3 = (Y1 + Z1)^2 - gamma - delta (= 2 Y1 Z1: a squaring and a
//     normalization instead of a product; 0.5% fewer instructions per verification here, while
//     composed of field calls, with their memory traffic, it was 1% more),
//     Y3 = alpha (4 beta - X3) - 8 gamma^2;
//   addition add-2007-bl, 2 Z1 Z2 H as one product, and mixed addition madd-2007-bl (Z2 = 1):
//     U1 = X1 Z2^2, U2 = X2 Z1^2, S1 = Y1 Z2^3, S2 = Y2 Z1^3, H = U2 - U1, rr = 2 (S2 - S1),
//     I = 4 H^2, J = H I, V = U1 I, X3 = rr^2 - J - 2 V, Y3 = rr (V - X3) - 2 S1 J, Z3 = 2 Z1 Z2 H.
//   The additions handle no exceptional case: when H = 0 (P = +-Q, or an input the identity)
//   they store nothing and return false, and the caller takes its general path.
// Limb bounds: those of the composition (comments in the output); inputs in N form.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { CURVES, radix26 } from "./ec-math.mjs";

const N = 10;
const { p } = CURVES.p256;
const { toL, kconst } = radix26(N);
// K(b) = 0 mod p with limbs in [2^b, 2^b + 2^26): the same constants as P26_K28 / P26_K29.
const K28 = kconst(28, p), K29 = kconst(29, p);
const hex = (v) => "0x" + v.toString(16);
// m p beyond the -1 term (Montgomery digit m = low limb, since p = -1 mod 2^26): limb offset,
// shift, sign. 2^96 = B^3 2^18, 2^192 = B^7 2^10, 2^224 = B^8 2^16, 2^256 = B^9 2^22.
const terms = [[3, 18, +1], [7, 10, +1], [8, 16, -1], [9, 22, +1]];

const o = [];
let uid = 0;
const L = (n, i) => `${n}${i}`;
const decl = (n) => o.push(`  let ${Array.from({ length: N }, (_, i) => `${L(n, i)}: i64 = 0`).join(", ")};`);
// Carry, fold the bits above 2^256 (2^256 = 2^224 - 2^192 - 2^96 + 1 mod p), carry; into dst.
function normInto(dst, src) {
  for (let k = 0; k < N - 1; k++) o.push(`  ${src(k + 1)} += ${src(k)} >> 26; ${src(k)} &= 0x3ffffff;`);
  const h = `h${uid++}`;
  o.push(`  const ${h}: i64 = ${src(N - 1)} >> 22; ${src(N - 1)} &= 0x3fffff;`);
  o.push(`  ${src(0)} += ${h}; ${src(3)} -= ${h} << 18; ${src(7)} -= ${h} << 10; ${src(8)} += ${h} << 16;`);
  for (let k = 0; k < N - 1; k++) o.push(`  ${src(k + 1)} += ${src(k)} >> 26; ${src(k)} &= 0x3ffffff;`);
  o.push(`  ${Array.from({ length: N }, (_, k) => `${L(dst, k)} = ${src(k)};`).join(" ")}`);
}
// Columns t0..t19 of a product, Montgomery reduction by 2^260, then normInto (p26Mul/p26Sqr).
function montInto(dst, cols) {
  const t = `t${uid++}_`;
  cols.forEach((c, k) => o.push(`  let ${t}${k}: i64 = ${c.length ? c.join(" + ") : "0"};`));
  for (let i = 0; i < N; i++) {
    const m = `m${uid++}`;
    const parts = [`const ${m}: i64 = ${t}${i} & 0x3ffffff;`, `${t}${i + 1} += ${t}${i} >> 26;`];
    for (const [off, s, sg] of terms) parts.push(`${t}${i + off} ${sg > 0 ? "+=" : "-="} ${m} << ${s};`);
    o.push("  " + parts.join(" "));
  }
  normInto(dst, (k) => `${t}${N + k}`);
}
function mul(dst, a, b) {
  const cols = [];
  for (let k = 0; k < 2 * N; k++) {
    const ts = [];
    for (let i = 0; i < N; i++) { const j = k - i; if (j >= 0 && j < N) ts.push(`${L(a, i)} * ${L(b, j)}`); }
    cols.push(ts);
  }
  montInto(dst, cols);
}
function sqr(dst, a) {
  const d = `s${uid++}_`;
  o.push(`  ${Array.from({ length: N - 1 }, (_, i) => `const ${d}${i}: i64 = ${L(a, i)} << 1;`).join(" ")}`);
  const cols = [];
  for (let k = 0; k < 2 * N; k++) {
    const ts = [];
    for (let i = 0; i < N; i++) { const j = k - i; if (j > i && j < N) ts.push(`${d}${i} * ${L(a, j)}`); }
    if (k % 2 === 0 && k / 2 < N) ts.push(`${L(a, k / 2)} * ${L(a, k / 2)}`);
    cols.push(ts);
  }
  montInto(dst, cols);
}
const limbwise = (dst, f) => o.push(`  ${Array.from({ length: N }, (_, i) => `${L(dst, i)} = ${f(i)};`).join(" ")}`);
const add = (d, a, b) => limbwise(d, (i) => `${L(a, i)} + ${L(b, i)}`);
const scale = (d, a, k) => limbwise(d, (i) => `${L(a, i)} * ${k}`);
const sub = (d, a, b, K) => limbwise(d, (i) => `${L(a, i)} + ${hex(K[i])} - ${L(b, i)}`);
function norm(d, a) {
  const t = `n${uid++}_`;
  o.push(`  ${Array.from({ length: N }, (_, i) => `let ${t}${i}: i64 = ${L(a, i)};`).join(" ")}`);
  normInto(d, (k) => `${t}${k}`);
}

const step = (comment, f) => { o.push(`  // ${comment}`); f(); };
const loadPoint = (names, ptr, off) => {
  for (const [k, n] of names.entries()) {
    decl(n);
    for (let i = 0; i < N; i += 2) o.push(`  { const w: u64 = load<u64>(${ptr}, ${off + 40 * k + 4 * i}); ${L(n, i)} = <i64>(w & 0xffffffff); ${L(n, i + 1)} = <i64>(w >> 32); }`);
  }
};
const storePoint = (names) => {
  for (const [k, n] of names.entries()) {
    for (let i = 0; i < N; i += 2) o.push(`  store<u64>(r, <u64>(${L(n, i)}) | (<u64>(${L(n, i + 1)}) << 32), ${40 * k + 4 * i});`);
  }
};
// Return false when the N-form element n is 0 mod p (0, p or 2p: each has one N-form vector).
const pl = toL(p), p2l = toL(2n * p);
const bailIfZero = (n) => {
  const or = (f) => Array.from({ length: N }, (_, i) => f(i)).join(" | ");
  o.push(`  if ((${or((i) => L(n, i))}) == 0) return false;`);
  o.push(`  if ((${or((i) => `(${L(n, i)} ^ ${hex(pl[i])})`)}) == 0) return false;`);
  o.push(`  if ((${or((i) => `(${L(n, i)} ^ ${hex(p2l[i])})`)}) == 0) return false;`);
};

o.push(`// r = 2 q, Jacobian (X, Y, Z) at q and r, each coordinate 10 limbs in N form (40 bytes). r may`);
o.push(`// alias q (every input is loaded before any output is stored).`);
o.push(`export function p26Dbl(r: usize, q: usize): void {`);
loadPoint(["x", "y", "z"], "q", 0);
for (const n of ["a", "b", "c", "d", "e", "xx", "yy", "zz"]) decl(n);
step("delta = Z1^2, N", () => sqr("a", "z"));
step("gamma = Y1^2, N", () => sqr("b", "y"));
step("beta = X1 gamma, N", () => mul("c", "x", "b"));
step("X1 - delta < 2^29.3", () => sub("d", "x", "a", K28));
step("X1 + delta < 2^27", () => add("e", "x", "a"));
step("(X1 - delta)(X1 + delta), N", () => mul("d", "d", "e"));
step("alpha = 3 (X1 - delta)(X1 + delta) < 2^27.6", () => scale("d", "d", 3));
step("Y1 + Z1 < 2^27", () => add("e", "y", "z"));
step("(Y1 + Z1)^2, N", () => sqr("zz", "e"));
step("gamma + delta < 2^27", () => add("e", "a", "b"));
step("(Y1 + Z1)^2 - gamma - delta < 2^29.3", () => sub("zz", "zz", "e", K28));
step("Z3 = 2 Y1 Z1, N", () => norm("zz", "zz"));
step("4 beta < 2^28", () => scale("c", "c", 4));
step("8 beta < 2^29", () => add("e", "c", "c"));
step("alpha^2, N", () => sqr("xx", "d"));
step("alpha^2 - 8 beta < 2^29.3", () => sub("xx", "xx", "e", K29));
step("X3, N", () => norm("xx", "xx"));
step("4 beta - X3 < 2^29.2", () => sub("yy", "c", "xx", K28));
step("alpha (4 beta - X3), N", () => mul("yy", "yy", "d"));
step("gamma^2, N", () => sqr("b", "b"));
step("8 gamma^2 < 2^29", () => scale("b", "b", 8));
step("alpha (4 beta - X3) - 8 gamma^2 < 2^29.3", () => sub("yy", "yy", "b", K29));
step("Y3, N", () => norm("yy", "yy"));
storePoint(["xx", "yy", "zz"]);
o.push(`}`, ``);

// The common tail: h = H, rr = S2 - S1 (both N), u = U1, s = S1 (N), zz = Z3 (N).
function addTail() {
  step("rr' = 2 (S2 - S1) < 2^27", () => add("rr", "rr", "rr"));
  step("H^2, N", () => sqr("a", "h"));
  step("I = 4 H^2 < 2^28", () => scale("a", "a", 4));
  step("J = H I, N", () => mul("b", "h", "a"));
  step("V = U1 I, N", () => mul("c", "u", "a"));
  step("rr'^2, N", () => sqr("xx", "rr"));
  step("rr'^2 - J < 2^29.3", () => sub("xx", "xx", "b", K28));
  step("2 V < 2^27", () => add("d", "c", "c"));
  step("rr'^2 - J - 2 V < 2^30.3", () => sub("xx", "xx", "d", K29));
  step("X3, N", () => norm("xx", "xx"));
  step("V - X3 < 2^29.2", () => sub("d", "c", "xx", K28));
  step("rr' (V - X3), N", () => mul("yy", "rr", "d"));
  step("S1 J, N", () => mul("d", "s", "b"));
  step("2 S1 J < 2^27", () => add("d", "d", "d"));
  step("rr' (V - X3) - 2 S1 J < 2^29.3", () => sub("yy", "yy", "d", K28));
  step("Y3, N", () => norm("yy", "yy"));
  storePoint(["xx", "yy", "zz"]);
  o.push(`  return true;`);
}

o.push(`// r = p + q, Jacobian, N form (add-2007-bl). Returns false and stores nothing when H = 0 (p = +-q`);
o.push(`// or either is the identity): the caller handles those. r may alias p or q.`);
o.push(`export function p26Add(r: usize, p: usize, q: usize): bool {`);
loadPoint(["x", "y", "z"], "p", 0);
loadPoint(["x2", "y2", "z2"], "q", 0);
for (const n of ["a", "b", "c", "d", "e", "h", "rr", "u", "s", "xx", "yy", "zz"]) decl(n);
step("Z1Z1, N", () => sqr("a", "z"));
step("Z2Z2, N", () => sqr("b", "z2"));
step("U1 = X1 Z2Z2, N", () => mul("u", "x", "b"));
step("U2 = X2 Z1Z1, N", () => mul("d", "x2", "a"));
step("Y1 Z2, N", () => mul("s", "y", "z2"));
step("S1 = Y1 Z2 Z2Z2, N", () => mul("s", "s", "b"));
step("Y2 Z1, N", () => mul("rr", "y2", "z"));
step("S2 = Y2 Z1 Z1Z1, N", () => mul("rr", "rr", "a"));
step("H = U2 - U1 < 2^29.3", () => sub("h", "d", "u", K28));
step("H, N", () => norm("h", "h"));
step("S2 - S1 < 2^29.3", () => sub("rr", "rr", "s", K28));
step("S2 - S1, N", () => norm("rr", "rr"));
bailIfZero("h");
step("Z1 Z2, N", () => mul("zz", "z", "z2"));
step("2 H < 2^27", () => add("d", "h", "h"));
step("Z3 = 2 Z1 Z2 H, N", () => mul("zz", "zz", "d"));
addTail();
o.push(`}`, ``);

o.push(`// r = p + q, p Jacobian, q affine (x, y: 80 bytes), N form (madd-2007-bl). Returns false and`);
o.push(`// stores nothing when H = 0 (p = +-q or p the identity): the caller handles those. r may alias p.`);
o.push(`export function p26AddAffine(r: usize, p: usize, q: usize): bool {`);
loadPoint(["u", "s", "z"], "p", 0); // U1 = X1, S1 = Y1 (Z2 = 1)
loadPoint(["x2", "y2"], "q", 0);
for (const n of ["a", "b", "c", "d", "h", "rr", "xx", "yy", "zz"]) decl(n);
step("Z1Z1, N", () => sqr("a", "z"));
step("U2 = X2 Z1Z1, N", () => mul("d", "x2", "a"));
step("Y2 Z1, N", () => mul("rr", "y2", "z"));
step("S2 = Y2 Z1 Z1Z1, N", () => mul("rr", "rr", "a"));
step("H = U2 - X1 < 2^29.3", () => sub("h", "d", "u", K28));
step("H, N", () => norm("h", "h"));
step("S2 - Y1 < 2^29.3", () => sub("rr", "rr", "s", K28));
step("S2 - Y1, N", () => norm("rr", "rr"));
bailIfZero("h");
step("2 H < 2^27", () => add("d", "h", "h"));
step("Z3 = 2 Z1 H, N", () => mul("zz", "z", "d"));
addTail();
o.push(`}`);

const text = `// GENERATED by scripts/gen/p256-point.mjs — do not edit; change the generator.
// Jacobian doubling, addition and mixed addition on P-256 in the radix-2^26 Montgomery field of
// p256_r26.ts, straight-line with every intermediate in locals; the same arithmetic as their
// composition of p26* field calls (see the generator). Public data only (signature
// verification): the additions branch on H = 0.

${o.join("\n")}
`;
const outdir = process.argv[2] ?? "assembly/crypto/ec";
writeFileSync(join(outdir, "p256_point26.ts"), text);
