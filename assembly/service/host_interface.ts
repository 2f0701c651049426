// The host interface: how the VMM hands requests to this MigTD and collects their results. Two
// implementations, chosen when the core is built (as Intel's MigTD chooses with a cargo feature,
// migtd.md §6), so one image speaks one interface:
//   service_host.ts  TDG.VP.VMCALL<Service>: Query, WaitForRequest, ReportStatus (§1.4); the peer
//                    stream over vsock / virtio-serial
//   raw_host.ts      the GHCI 1.5 MigTD leaf, `vmcall-raw` (§1.6): requests, status and the peer
//                    stream over one VMCALL, plus GetTDReport and EnableLogArea
// The main loop (loop.ts) and the pre-migration session see only this class.
import { MigrationInfo } from "../vmm/migration_info";
import { TransportOpener } from "../session/transport";
import { InFlight } from "../session/inflight";
import { LocalConfig } from "../session/local_config";

export const HOST_SERVICE: i32 = 0;
export const HOST_RAW: i32 = 1;

// Build-time choice: `asc ... --use MIGTD_HOST_INTERFACE=1` builds the RAW core (mk/raw.mk).
// @ts-ignore: compile-time constant, defined only in RAW builds
export const HOST_INTERFACE: i32 = isDefined(MIGTD_HOST_INTERFACE) ? MIGTD_HOST_INTERFACE : HOST_SERVICE;

export function hostInterfaceName(kind: i32): string {
  return kind == HOST_RAW ? "vmcall-raw" : "vmcall-service";
}

// The interface recorded in the build, as one NUL-terminated ASCII string in the core's data (so
// in the firmware payload, hence in MRTD): `migtd hash -v` reads it back from an image
// (scripts/image/interface.ts). Only the chosen build's string is compiled in.
export const INTERFACE_MARKER: usize = HOST_INTERFACE == HOST_RAW
  ? memory.data<u8>([77, 73, 71, 84, 68, 95, 72, 79, 83, 84, 95, 73, 78, 84, 69, 82, 70, 65, 67, 69, 61, 118, 109, 99, 97, 108, 108, 45, 114, 97, 119, 0])
  : memory.data<u8>([77, 73, 71, 84, 68, 95, 72, 79, 83, 84, 95, 73, 78, 84, 69, 82, 70, 65, 67, 69, 61, 118, 109, 99, 97, 108, 108, 45, 115, 101, 114, 118, 105, 99, 101, 0]);

// The marker's text ("MIGTD_HOST_INTERFACE=..."), for the boot banner.
export function interfaceMarker(): string {
  let n: usize = 0;
  while (load<u8>(INTERFACE_MARKER + n) != 0) n++;
  return String.UTF8.decodeUnsafe(INTERFACE_MARKER, n);
}

// Boot results of pollBoot besides a stop code.
export const BOOT_PENDING: i32 = -1;
export const BOOT_READY: i32 = 0;

// A StartMigration (or, RAW V2, a StartRebinding) the loop turns into a session.
export class StartedRequest {
  constructor(public info: MigrationInfo, public opener: TransportOpener | null, public rebinding: bool = false) {}
}

export class HostInterface {
  constructor(public inflight: InFlight, public local: LocalConfig) {}

  get name(): string { return "none"; }
  // Starts the interface (e.g. Query). 0 or the result code the core stops with.
  boot(): i32 { return 0; }
  // BOOT_PENDING, BOOT_READY, or a stop code.
  pollBoot(): i32 { return BOOT_READY; }
  // Looks at the outstanding WaitForRequest, issuing a new one when `canAccept`; returns the new
  // pre-migrations. Requests the interface answers itself (rejections, RAW GetTDReport...) are
  // added to `inflight` and reported by the interface.
  pollRequests(nowMs: i64, canAccept: bool): StartedRequest[] { return []; }
  // Queues the final status of a request in `inflight`; it leaves `inflight` once delivered.
  report(requestId: u64, code: u8): void {}
  // The same with data for the ReportStatus buffer, where the interface carries data (RAW); the
  // Service interface has no room for it and reports the code alone.
  reportData(requestId: u64, code: u8, data: Uint8Array): void { this.report(requestId, code); }
  pollReports(): void {}
  // The latest time the interface needs a turn without an event (0: none).
  wakeAt(nowMs: i64): i64 { return 0; }
}
