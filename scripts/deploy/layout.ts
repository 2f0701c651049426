// Where a deployment keeps its sockets, pid files and logs, and the per-role defaults every
// deploy command shares, so the launch, relay, trigger and flow commands agree on every path and
// port without repeating them. Defaults follow the TD-migration guides (tdx-tools
// utils/td-migration: MigTD guest CIDs 18/36, relay vsock ports 1234/1235, TCP 9009, incoming
// port 6666, MIG_ATTR 0x000007f900000001).
import { join } from "node:path";

export type Role = "src" | "dst";

export interface Layout { runDir: string }

export const DEFAULTS = {
  runDir: "/run/migtd",
  migtdCid: { src: 18, dst: 36 } as Record<Role, number>,
  vsockPort: { src: 1234, dst: 1235 } as Record<Role, number>,
  relayTcpPort: 9009,
  incomingPort: 6666,
  migtdAttr: "0x000007f900000001",
  quoteService: "vsock:1:4050",
  qemu: "qemu-system-x86_64",
};

export const paths = (runDir: string, who: "migtd" | "user-td", role: Role) => {
  const base = join(runDir, `${who}-${role}`);
  return { qmp: `${base}.qmp`, pid: `${base}.pid`, log: `${base}.log`, serial: `${base}.serial` };
};

export function parseRole(v: string | undefined, fallback?: Role): Role {
  const r = v ?? fallback;
  if (r !== "src" && r !== "dst") throw new Error("--role is src or dst");
  return r;
}
