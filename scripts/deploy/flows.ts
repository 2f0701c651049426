// The QMP side of a migration, sans I/O: which messages go to which QEMU, in which order.
//   pre-migration (tdx-tools utils/td-migration/pre-mig.sh, MigTD doc/qemu_kvm_configuration.md):
//     qom-set of the user TD's tdx-guest "vsockport" to the relay's vsock port starts the
//     pre-migration; destination first, then source. A user TD pre-bound by SERVTD_HASH_INFO is
//     bound to its running MigTD first by qom-set of "migtd-pid".
//   migration (mig-flow.sh, QEMU's migration QMP commands): capabilities and parameters on both
//     sides, migrate-incoming on the destination (started with -incoming defer), migrate on the
//     source, query-migrate for the status, migrate-start-postcopy to switch to post-copy,
//     migrate_cancel to cancel (the user TD keeps running on the source; run the flow again).
import type { QmpMessage } from "./qmp.ts";
import { shellLine } from "./shell.ts";

export interface QmpStep { socket: string; label: string; messages: QmpMessage[] }
export type MigrationMode = "precopy" | "postcopy" | "multifd";

export interface PreMigSide { socket: string; vsockPort: number; bindPid?: number }

export function preMigPlan(o: { src?: PreMigSide; dst?: PreMigSide; objectId: string }): QmpStep[] {
  const path = `/objects/${o.objectId}`;
  const steps: QmpStep[] = [];
  for (const [role, side] of [["dst", o.dst], ["src", o.src]] as const) {
    if (!side) continue;
    const messages: QmpMessage[] = [];
    if (side.bindPid !== undefined) messages.push({ execute: "qom-set", arguments: { path, property: "migtd-pid", value: side.bindPid } });
    messages.push({ execute: "qom-set", arguments: { path, property: "vsockport", value: side.vsockPort } });
    steps.push({ socket: side.socket, label: `${role} user TD: ${side.bindPid !== undefined ? "bind to MigTD pid " + side.bindPid + ", then " : ""}start pre-migration on vsock port ${side.vsockPort}`, messages });
  }
  return steps;
}

function setup(mode: MigrationMode, channels: number, extra: Record<string, unknown> = {}): QmpMessage[] {
  const caps = mode === "precopy" ? [] : [{ capability: mode === "postcopy" ? "postcopy-ram" : "multifd", state: true }];
  const params = { ...(mode === "multifd" ? { "multifd-channels": channels } : {}), ...extra };
  return [
    ...(caps.length > 0 ? [{ execute: "migrate-set-capabilities", arguments: { capabilities: caps } }] : []),
    ...(Object.keys(params).length > 0 ? [{ execute: "migrate-set-parameters", arguments: params }] : []),
  ];
}

export function incomingPlan(o: { socket: string; mode: MigrationMode; listen: string; channels: number }): QmpStep {
  return { socket: o.socket, label: `destination: accept the ${o.mode} migration on tcp:${o.listen}`, messages: [...setup(o.mode, o.channels), { execute: "migrate-incoming", arguments: { uri: `tcp:${o.listen}` } }] };
}

export function outgoingPlan(o: { socket: string; mode: MigrationMode; to: string; channels: number; maxBandwidth?: number }): QmpStep {
  const extra = o.maxBandwidth !== undefined ? { "max-bandwidth": o.maxBandwidth } : {};
  return { socket: o.socket, label: `source: ${o.mode} migration to tcp:${o.to}`, messages: [...setup(o.mode, o.channels, extra), { execute: "migrate", arguments: { uri: `tcp:${o.to}` } }] };
}

export const STATUS: QmpMessage = { execute: "query-migrate" };
export const START_POSTCOPY: QmpMessage = { execute: "migrate-start-postcopy" };
export const CANCEL: QmpMessage = { execute: "migrate_cancel" };
export const TERMINAL = new Set(["completed", "failed", "cancelled"]);

// The same step as shell commands: through socat to the QMP socket (QMP wants qmp_capabilities
// before anything else), or, for a libvirt domain, one `virsh qemu-monitor-command` per message.
export function stepShell(s: QmpStep, virshDomain?: string): string {
  if (virshDomain !== undefined) return s.messages.map((m) => shellLine(["virsh", "qemu-monitor-command", virshDomain, JSON.stringify(m)])).join("\n");
  const lines = [{ execute: "qmp_capabilities" }, ...s.messages].map((m) => JSON.stringify(m));
  return `${shellLine(["printf", "%s\\n", ...lines])} | ${shellLine(["socat", "-", `UNIX-CONNECT:${s.socket}`])}`;
}
