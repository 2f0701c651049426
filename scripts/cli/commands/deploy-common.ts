// Options every `migtd deploy` command shares (--run-dir, --dry-run, --role) and the MigTD pid /
// SERVTD_HASH_INFO inputs a user TD is bound with.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { InputError, UsageError } from "../command.ts";
import { readInput } from "../args.ts";
import { DEFAULTS, type Role } from "../../deploy/layout.ts";

export const COMMON_VALUES = ["--run-dir", "--role"];
export const COMMON_FLAGS = ["--dry-run"];
export const COMMON_HELP = `  --run-dir D   where QMP sockets, pid files, logs live (default ${DEFAULTS.runDir})
  --dry-run     print the exact commands (or QMP messages) instead of running them`;

export function role(v: string | undefined, fallback?: Role): Role {
  const r = v ?? fallback;
  if (r !== "src" && r !== "dst") throw new UsageError("--role is src or dst");
  return r;
}

export function intOpt(v: string | undefined, name: string, fallback: number, min = 0, max = 0xffffffff): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} expects a whole number ${min}..${max}, got '${v}'`);
  return n;
}

export function ensureRunDir(dir: string): void {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o750 });
}

// A MigTD's QEMU pid from its pid file (written by -pidfile).
export function pidFrom(file: string): number {
  if (!existsSync(file)) throw new InputError(`MigTD pid file '${file}': no such file (launch the MigTD first with 'migtd deploy migtd', or pre-bind with --migtd-hash)`, file);
  const pid = Number(readFileSync(file, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new InputError(`MigTD pid file '${file}': no pid in it`, file);
  return pid;
}

// SERVTD_HASH_INFO as 96 hex digits, given inline or as @file (migtd.servtd_info_hash).
export function servtdHash(v: string): string {
  const file = v.startsWith("@") ? v.slice(1) : undefined;
  const text = (file !== undefined ? readInput(file, "SERVTD_HASH_INFO file").toString("utf8") : v).trim().toLowerCase();
  if (!/^[0-9a-f]{96}$/.test(text)) {
    const where = file !== undefined ? `SERVTD_HASH_INFO file '${file}'` : "--migtd-hash";
    throw new InputError(`${where}: expected 48 bytes as 96 hex digits`, file);
  }
  return text;
}

export function attrOpt(v: string | undefined): string {
  const a = v ?? DEFAULTS.migtdAttr;
  if (!/^0x[0-9a-fA-F]{1,16}$/.test(a)) throw new UsageError(`--migtd-attr expects a 64-bit hex value like ${DEFAULTS.migtdAttr}`);
  return a;
}
