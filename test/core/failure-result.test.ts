// Every error code of every layer maps to a MigTD result code (assembly/result/map.ts). The enums
// are read from the source, so a member added without a mapping fails here, as does an enum
// whose values leave its declared range or collide with another's.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedCore } from "../../scripts/host/library.ts";

const RESULT = join(import.meta.dirname, "..", "..", "assembly", "result");
const UNMAPPED = 0xfe;

interface Member { enumName: string; name: string; value: number }

function enumMembers(): Member[] {
  const out: Member[] = [];
  for (const f of readdirSync(RESULT).filter((n) => n.endsWith(".ts"))) {
    const src = readFileSync(join(RESULT, f), "utf8");
    for (const e of src.matchAll(/export enum (\w+) \{([\s\S]*?)\n\}/g)) {
      let next = 0;
      for (const m of e[2].matchAll(/^\s+(\w+)(?:\s*=\s*(0x[0-9a-fA-F]+|\d+))?,/gm)) {
        const value = m[2] !== undefined ? Number(m[2]) : next;
        next = value + 1;
        out.push({ enumName: e[1], name: m[1], value });
      }
    }
  }
  return out;
}

// The numeric range each enum owns (codes.ts documents them).
const RANGES: Record<string, Array<[number, number]>> = {
  AttestError: [[0x100, 0x1ff], [0x300, 0x5ff]],
  X509Error: [[0x200, 0x2ff]],
  PolicyErrorKind: [[0x600, 0x6ff]],
  PolicyV2Error: [[0x700, 0x7ff]],
  TlsErrorCode: [[0x1000, 0x10ff]],
  RaTlsError: [[0x1100, 0x11ff]],
  RawError: [[0x1200, 0x12ff]],
  RebindError: [[0x1300, 0x13ff]],
};

describe("error codes and result codes", () => {
  const members = enumMembers();
  const resultFor = (code: number) => sharedCore().fn("api_result_for")(code) as number;

  it("finds the layers' enums", () => {
    expect(new Set(members.map((m) => m.enumName))).toEqual(new Set(Object.keys(RANGES)));
  });

  it("keeps each enum in its own range, with no code used twice", () => {
    const seen = new Map<number, string>();
    for (const m of members) {
      if (m.value === 0) continue; // None
      expect(RANGES[m.enumName].some(([lo, hi]) => m.value >= lo && m.value <= hi), `${m.enumName}.${m.name}`).toBe(true);
      expect(seen.get(m.value), `${m.enumName}.${m.name}`).toBeUndefined();
      seen.set(m.value, `${m.enumName}.${m.name}`);
    }
  });

  it("maps every member to a MigTD result code", () => {
    const unmapped = members.filter((m) => m.value !== 0 && resultFor(m.value) === UNMAPPED).map((m) => `${m.enumName}.${m.name}`);
    expect(unmapped).toEqual([]);
    expect(resultFor(0x7777)).toBe(UNMAPPED);
  });

  it("reports each layer as migtd.md §1.3/§2.5 says", () => {
    const code = (e: string, n: string) => resultFor(members.find((m) => m.enumName === e && m.name === n)!.value);
    expect(code("AttestError", "QuoteSignature")).toBe(7);
    expect(code("AttestError", "TcbRevoked")).toBe(7);
    expect(code("AttestError", "EventLogRtmrMismatch")).toBe(8);
    expect(code("X509Error", "CertRevoked")).toBe(7);
    expect(code("PolicyErrorKind", "InvalidPolicy")).toBe(9);
    expect(code("PolicyErrorKind", "UnqualifiedMigTdInfo")).toBe(8);
    expect(code("TlsErrorCode", "BadFinished")).toBe(6);
    expect(code("RaTlsError", "BadSelfSignature")).toBe(7);
    expect(code("RaTlsError", "MissingQuote")).toBe(6);
    expect(code("PolicyV2Error", "SignatureInvalid")).toBe(9);
    expect(code("PolicyV2Error", "PolicyHashMismatch")).toBe(9);
    expect(code("PolicyV2Error", "OwnerMismatch")).toBe(9);
    expect(code("PolicyV2Error", "InitTdInfoMismatch")).toBe(8);
    expect(code("RebindError", "ReportMacInvalid")).toBe(7);
    expect(code("RebindError", "ServtdExtMismatch")).toBe(8);
    expect(code("RebindError", "TokenLength")).toBe(5);
    expect(code("RebindError", "ApproveFailed")).toBe(4);
    expect(code("PolicyV2Error", "UnqualifiedMigTdInfo")).toBe(8);
    expect(code("PolicyV2Error", "PolicySvnTooLow")).toBe(8);
  });
});
