// Native stack frames of the wasm2c-generated functions (w2c_*) in a firmware payload ELF, read
// from its disassembly: the prologue's `sub $N,%rsp`, the registers pushed before it and the
// return address. With the engine's Wasm call-depth cap (WASM_RT_MAX_CALL_STACK_DEPTH, in the
// engine's build flags) the largest frame bounds how deep any input can drive the native stack
// before the engine traps "call stack exhausted" (runtime-c/src/wasm_rt_trap.c).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

export interface Frame {
  name: string;
  bytes: number;
}

// The largest w2c_* frame, or undefined when there is no disassembler or no wasm2c code (wasm3).
export function largestWasmFrame(elf: string): Frame | undefined {
  const tool = ["llvm-objdump", "objdump"].find((t) => spawnSync(t, ["--version"]).status === 0);
  if (!tool) return undefined;
  const r = spawnSync(tool, ["-d", "--no-show-raw-insn", elf], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${tool} -d ${elf}: ${r.stderr}`);
  let best: Frame | undefined;
  let name = "", pushes = 0, sub = -1;
  const close = () => {
    if (name.startsWith("w2c_")) {
      const bytes = Math.max(sub, 0) + 8 * pushes + 8;
      if (!best || bytes > best.bytes) best = { name, bytes };
    }
  };
  for (const line of r.stdout.split("\n")) {
    const head = /^[0-9a-f]+ <(.+)>:$/.exec(line);
    if (head) {
      close();
      name = head[1];
      pushes = 0;
      sub = -1;
      continue;
    }
    if (sub >= 0) continue; // past the prologue
    // GNU objdump prints `sub $0x2d8,%rsp`, llvm-objdump `subq $728, %rsp`.
    if (/\tpushq?\s+%r/.test(line)) pushes++;
    const s = /\tsubq?\s+\$(0x[0-9a-f]+|\d+),\s*%rsp/.exec(line);
    if (s) sub = Number(s[1]);
    else if (/\t(call|jmp|ret)/.test(line)) sub = 0; // no frame beyond the pushes
  }
  close();
  return best;
}

// WASM_RT_MAX_CALL_STACK_DEPTH the engine objects were built with (mk/runtime.mk writes the
// flags next to them), or undefined when the stamp is missing.
export function wasmCallDepth(flagsFile: string): number | undefined {
  if (!existsSync(flagsFile)) return undefined;
  const m = /-DWASM_RT_MAX_CALL_STACK_DEPTH=(\d+)/.exec(readFileSync(flagsFile, "utf8"));
  return m ? Number(m[1]) : undefined;
}
