// The one way tests reach the read-only shared test data (real quotes, event logs, Intel roots).
// MIGTD_SHARED points at it (default ../shared beside the clone). Nothing from it is copied into
// the repository; suites that need it are skipped when it is absent. The run prints one message
// for all of them (test/helpers/shared-notice.ts, a vitest globalSetup), and each skipped suite
// shows up in the report as one skipped test named after the data it lacks.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "vitest";

export const sharedRoot = resolve(process.env.MIGTD_SHARED ?? join(import.meta.dirname, "..", "..", "..", "shared"));

export const sharedAvailable: boolean = existsSync(join(sharedRoot, "testdata"));

export function sharedPath(...parts: string[]): string {
  return join(sharedRoot, ...parts);
}

export function readShared(...parts: string[]): Buffer {
  return readFileSync(sharedPath(...parts));
}

// describe() for suites that read shared data. When the data is absent the body is never run:
// vitest's describe.skip still collects (runs) its body, and a body that reads the data would
// fail the file at collection time.
export function describeShared(name: string, fn: () => void): void {
  if (!sharedAvailable) {
    describe.skip(name, () => {
      it(`needs the shared test data (${sharedRoot}/testdata)`, () => {});
    });
    return;
  }
  describe(name, fn);
}
