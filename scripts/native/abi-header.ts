// The parser of runtime-c/include/migtd_abi.h, the one source of the import ABI: the import list
// (MIGTD_ABI_IMPORTS), the integer constants (`#define NAME value`) and the register enum. Used
// by the native code generator (gen.ts), the AssemblyScript/TypeScript renderer
// (scripts/gen/abi.ts) and the tests, so all of them read the same list. Pure: errors throw.
export type WasmType = "i32" | "i64";
// ABI parameter types (the header's comment defines them); all but i64 are i32 in Wasm.
export type ParamType = "regs" | "ptr" | "u32" | "i32" | "i64";
export type ResultType = "i32" | "u32" | "i64" | "void";

export interface AbiParam {
  name: string;
  kind: ParamType;
  type: WasmType;
}
export interface AbiImport {
  name: string;
  params: AbiParam[];
  result: ResultType;
  // The header's signature text, exactly (docs/abi.md quotes it).
  signature: string;
}
export interface AbiConst {
  name: string;
  value: number;
  // u32 when the C literal has a `u` suffix, else i32.
  type: "i32" | "u32";
  // The C spelling of the value, for renderings that keep shifts readable ("1 << 2").
  expr: string;
  // The one-line comment above the constant's block in the header, if any.
  group: string;
}
export interface AbiHeader {
  imports: AbiImport[];
  consts: AbiConst[];
  // enum abi_reg in order (REG_RAX = 0 ...), REG_COUNT excluded.
  regs: string[];
}

const PARAM_KINDS: ParamType[] = ["regs", "ptr", "u32", "i32", "i64"];
const RESULTS: ResultType[] = ["i32", "u32", "i64", "void"];

export const wasmTypeOf = (t: ParamType | ResultType): WasmType | "void" =>
  t === "void" ? "void" : t === "i64" ? "i64" : "i32";

function parseImports(header: string): AbiImport[] {
  const lines = header.split("\n");
  let k = lines.findIndex((l) => l.startsWith("#define MIGTD_ABI_IMPORTS(X)"));
  if (k < 0) throw new Error("MIGTD_ABI_IMPORTS not found");
  let body = lines[k];
  while (lines[k].trimEnd().endsWith("\\") && k + 1 < lines.length) body += "\n" + lines[++k];
  const entries = [...body.matchAll(/X\(([^)]*\)[^)]*)\)/g)].map((m) => m[1]);
  const out: AbiImport[] = [];
  for (const entry of body.split("\n").slice(1)) {
    const t = entry.replace(/\\\s*$/, "").trim();
    if (t === "") continue;
    const m = /^X\(\s*(\w+)\s*,\s*"(\(([^)]*)\)\s*->\s*(\w+))"\s*\)$/.exec(t);
    if (!m) throw new Error(`cannot parse import entry: ${t}`);
    const [, name, signature, plist, result] = m;
    const params = plist.trim() === "" ? [] : plist.split(",").map((p) => {
      const [kind, pname, extra] = p.trim().split(/\s+/);
      if (!PARAM_KINDS.includes(kind as ParamType) || !pname || extra) throw new Error(`${name}: bad parameter "${p.trim()}"`);
      return { name: pname, kind: kind as ParamType, type: wasmTypeOf(kind as ParamType) as WasmType };
    });
    params.forEach((p, i) => {
      if (p.kind === "ptr" && params[i + 1]?.kind !== "u32") throw new Error(`${name}: ptr ${p.name} must be followed by its u32 length`);
    });
    if (!RESULTS.includes(result as ResultType)) throw new Error(`${name}: bad result ${result}`);
    if (out.some((i) => i.name === name)) throw new Error(`${name} listed twice`);
    out.push({ name, params, result: result as ResultType, signature });
  }
  if (out.length === 0 || out.length !== entries.length) throw new Error("MIGTD_ABI_IMPORTS: empty or malformed");
  return out;
}

// Every `#define NAME value` of a header (include guards, with no value, are skipped).
export function parseConsts(header: string): AbiConst[] {
  const out: AbiConst[] = [];
  let group = "";
  for (const line of header.split("\n")) {
    const comment = /^\/\* (.*) \*\/$/.exec(line.trim());
    if (comment) group = comment[1];
    if (line.trim() === "") group = "";
    const m = /^#define\s+(\w+)(?:[ \t]+([^\n]*?))?\s*(?:\/\*.*\*\/)?$/.exec(line);
    if (!m) continue;
    const [, name, raw = ""] = m;
    if (raw === "" || name === "MIGTD_ABI_IMPORTS") continue;
    let expr = raw.trim();
    if (expr.startsWith("(") && expr.endsWith(")")) expr = expr.slice(1, -1).trim();
    let c: RegExpExecArray | null;
    if ((c = /^(-?\d+|0x[0-9a-fA-F]+)(u?)$/.exec(expr))) {
      out.push({ name, value: Number(c[1]), type: c[2] ? "u32" : "i32", expr: String(Number(c[1])), group });
    } else if ((c = /^1(u?) << (\d+)$/.exec(expr))) {
      out.push({ name, value: 2 ** Number(c[2]), type: c[1] ? "u32" : "i32", expr: `1 << ${c[2]}`, group });
    } else {
      throw new Error(`#define ${name}: "${raw}" is not a plain integer constant (the renderings cannot carry it)`);
    }
  }
  return out;
}

function parseRegs(header: string): string[] {
  const m = /enum abi_reg \{([^}]*)\}/.exec(header);
  if (!m) throw new Error("enum abi_reg not found");
  const names = m[1].split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (names.some((n) => !/^REG_\w+$/.test(n)) || names.at(-1) !== "REG_COUNT") throw new Error("enum abi_reg: plain REG_* names ending in REG_COUNT expected");
  return names.slice(0, -1);
}

export function parseAbiHeader(header: string): AbiHeader {
  return { imports: parseImports(header), consts: parseConsts(header), regs: parseRegs(header) };
}
