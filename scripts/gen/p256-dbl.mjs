// Generator for assembly/crypto/ec/p256_dbl26.ts: the Jacobian doubling of P-256 signature
// verification (p256_verify.ts) as one straight-line function over the radix-2^26 field of
// p256_r26.ts, every intermediate field element in locals. Run:
// node scripts/gen/p256-dbl.mjs [outdir]
// (outdir defaults to assembly/crypto/ec; test/gen/p256-dbl.test.ts renders into a scratch
// directory and checks the committed file equals it.)
//
// Why: a doubling composed of the p26* functions passes every intermediate through linear
// memory, and natively (wasm2c) each memory access is a bounds-checked load or store, each call
// a prologue, a call-depth check and an epilogue; that overhead was a fifth of a doubling.
// Doublings are 256 of the ~330 point operations of a verification. The arithmetic is exactly
// that of the composition (same products, same reduction, same limb-wise additions), so the
// result is the same limb for limb: test/crypto/ec-p256-split.test.ts compares the two.
//
// Formula: dbl-2001-b (a = -3) as in p256_verify.ts, with Z3 = 2 Y1 Z1 as one product:
//   delta = Z1^2, gamma = Y1^2, beta = X1 gamma, alpha = 3 (X1 - delta)(X1 + delta),
//   X3 = alpha^2 - 8 beta, Z3 = 2 Y1 Z1, Y3 = alpha (4 beta - X3) - 8 gamma^2.
// Limb bounds: those of the composition (p256_verify.ts comments); inputs in N form.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const N = 10;
const W = 26n, MASK = (1n << W) - 1n;
// FIPS 186-4 D.1.2.3: p = 2^256 - 2^224 + 2^192 + 2^96 - 1.
const p = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const mod = (a, m) => ((a % m) + m) % m;
const toL = (x) => Array.from({ length: N }, (_, i) => (i < N - 1 ? (x >> (W * BigInt(i))) & MASK : x >> (W * BigInt(i))));
const val = (l) => l.reduce((acc, v, i) => acc + (BigInt(v) << (W * BigInt(i))), 0n);
// K(b) = 0 mod p with limbs in [2^b, 2^b + 2^26): the same constants as P26_K28 / P26_K29.
const kconst = (bits) => {
  const base = Array(N).fill(1n << BigInt(bits));
  const d = toL(mod(-val(base), p));
  const k = base.map((v, i) => v + d[i]);
  if (mod(val(k), p) !== 0n) throw new Error("K");
  return k;
};
const K28 = kconst(28), K29 = kconst(29);
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

o.push(`// r = 2 q, Jacobian (X, Y, Z) at q and r, each coordinate 10 limbs in N form (40 bytes). r may`);
o.push(`// alias q (every input is loaded before any output is stored).`);
o.push(`export function p26Dbl(r: usize, q: usize): void {`);
for (const [n, off] of [["x", 0], ["y", 40], ["z", 80]]) {
  decl(n);
  for (let i = 0; i < N; i += 2) o.push(`  { const w: u64 = load<u64>(q, ${off + 4 * i}); ${L(n, i)} = <i64>(w & 0xffffffff); ${L(n, i + 1)} = <i64>(w >> 32); }`);
}
for (const n of ["a", "b", "c", "d", "e", "xx", "yy", "zz"]) decl(n);
const step = (comment, f) => { o.push(`  // ${comment}`); f(); };
step("delta = Z1^2, N", () => sqr("a", "z"));
step("gamma = Y1^2, N", () => sqr("b", "y"));
step("beta = X1 gamma, N", () => mul("c", "x", "b"));
step("X1 - delta < 2^29.3", () => sub("d", "x", "a", K28));
step("X1 + delta < 2^27", () => add("e", "x", "a"));
step("(X1 - delta)(X1 + delta), N", () => mul("d", "d", "e"));
step("alpha = 3 (X1 - delta)(X1 + delta) < 2^27.6", () => scale("d", "d", 3));
step("2 Y1 < 2^27", () => add("e", "y", "y"));
step("Z3 = 2 Y1 Z1, N", () => mul("zz", "e", "z"));
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
for (const [n, off] of [["xx", 0], ["yy", 40], ["zz", 80]]) {
  for (let i = 0; i < N; i += 2) o.push(`  store<u64>(r, <u64>(${L(n, i)}) | (<u64>(${L(n, i + 1)}) << 32), ${off + 4 * i});`);
}
o.push(`}`);

const text = `// GENERATED by scripts/gen/p256-dbl.mjs — do not edit; change the generator.
// Jacobian doubling on P-256 (dbl-2001-b, a = -3) in the radix-2^26 Montgomery field of
// p256_r26.ts, straight-line with every intermediate in locals; the same arithmetic as the
// composition of p26Sqr/p26Mul/p26Add/p26Sub28/p26Sub29/p26Scale/p26Norm. Public data only
// (signature verification): no secret ever reaches it.

${o.join("\n")}
`;
const outdir = process.argv[2] ?? "assembly/crypto/ec";
writeFileSync(join(outdir, "p256_dbl26.ts"), text);
