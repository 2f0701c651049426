// The memory map has one source (shim/memory-map.json); the committed renderings must match it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderedLayoutFiles } from "../../scripts/image/gen-layout.ts";
import { computeMemoryMap } from "../../scripts/image/memory-map.ts";
import { REPO } from "./fixture.ts";

describe("memory map renderings", () => {
  for (const [rel, text] of Object.entries(renderedLayoutFiles())) {
    it(`${rel} is up to date with shim/memory-map.json (make layout)`, () => {
      const file = readFileSync(join(REPO, rel), "utf8");
      expect(file.includes("do not edit")).toBe(true);
      expect(file === text).toBe(true);
    });
  }

  it("rejects a map whose regions overlap", () => {
    const src = JSON.parse(readFileSync(join(REPO, "shim", "memory-map.json"), "utf8"));
    src.ram.regions[2].size = "0x2000";
    expect(() => computeMemoryMap(src)).toThrow(/does not start where/);
    const img = JSON.parse(readFileSync(join(REPO, "shim", "memory-map.json"), "utf8"));
    img.image.bottomUp[0].size = "0x0B0000";
    expect(() => computeMemoryMap(img)).toThrow(/gap or overlap/);
  });
});
