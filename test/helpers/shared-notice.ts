// vitest globalSetup: one line for the whole run when the shared test data is absent, so a
// fresh clone says once, up front, why the real-data suites are skipped.
import { sharedAvailable, sharedRoot } from "./shared.ts";

export default function setup(): void {
  if (!sharedAvailable) {
    console.warn(`[skip] suites that need the real-hardware test data are skipped: ${sharedRoot}/testdata not found (set MIGTD_SHARED)`);
  }
}
