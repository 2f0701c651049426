// The one way tests reach the read-only shared test data (real quotes, event logs, Intel roots).
// MIGTD_SHARED points at it (default ../shared beside the clone). Nothing from it is copied into
// the repository; suites that need it are skipped, with a message, when it is absent.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe } from "vitest";

const root = resolve(process.env.MIGTD_SHARED ?? join(import.meta.dirname, "..", "..", "..", "shared"));

export const sharedAvailable: boolean = existsSync(join(root, "testdata"));

export function sharedPath(...parts: string[]): string {
  return join(root, ...parts);
}

export function readShared(...parts: string[]): Buffer {
  return readFileSync(sharedPath(...parts));
}

// describe() for suites that read shared data: skipped, and said so, when it is absent.
export function describeShared(name: string, fn: () => void): void {
  if (!sharedAvailable) {
    console.warn(`[skip] "${name}": shared test data not found at ${root} (set MIGTD_SHARED)`);
    describe.skip(name, fn);
    return;
  }
  describe(name, fn);
}
