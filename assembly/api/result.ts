// Library export: the MigTD result code (migtd.md §1.3) any layer's error code is reported as
// (result/map.ts), so tools and tests read the mapping from the core instead of restating it.
import { resultFor } from "../result/map";

export function api_result_for(error: i32): i32 {
  return <i32>resultFor(error);
}
