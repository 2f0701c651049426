// GetTDReport (migtd.md §1.6, op 3): the MigTD's TD report for the host. Its REPORTDATA is always
// the ASCII string below followed by zeros, whatever the VMM asked for, so a host cannot make the
// MigTD sign data of its choosing.
import { REPORTDATA_SIZE } from "../../tdx/report";

export const HOST_REPORT_TAG: string = "HostRequestedMigTDReport";

export function hostReportData(): Uint8Array {
  const rd = new Uint8Array(REPORTDATA_SIZE);
  const tag = String.UTF8.encode(HOST_REPORT_TAG);
  rd.set(Uint8Array.wrap(tag), 0);
  return rd;
}
