// Reading policy files: what MigTD accepts (spec migtd.md §3.1-3.2) and, for what it refuses,
// InvalidPolicy (code 9) with the offending key named. Fixtures: test/fixtures/policy/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "./helpers.ts";

const fixture = (n: string) => readFileSync(join(__dirname, "..", "fixtures", "policy", n), "utf8");
const minimal = fixture("minimal.json");
const withBlock = (block: string) => minimal.replace("\"policy\": [", `"policy": [${block},`);
const prop = (name: string, op: string, ref: string) =>
  `{"QE":{"QeIdentity":{"${name}":{"operation":"${op}","reference":${ref}}}}}`;

describe("policy v1 parsing", () => {
  it("accepts the minimal fixture and lists its blocks", () => {
    const r = check(minimal);
    expect(r.valid).toBe(true);
    expect(r.policy.blocks.map((b: any) => b.kind)).toEqual(["Platform", "QE", "TDXModule", "MigTD"]);
  });

  it("trims NUL padding at both ends (enrolled files may be padded)", () => {
    const padded = new Uint8Array([0, 0, ...new TextEncoder().encode(minimal), 0, 0, 0]);
    expect(check(padded).valid).toBe(true);
  });

  it("rejects non-UTF-8 bytes", () => {
    const bytes = new TextEncoder().encode(minimal);
    bytes[bytes.length - 3] = 0xff;
    expect(check(bytes).valid).toBe(false);
  });

  it.each([
    ["a missing id", minimal.replace(/"id": "[^"]*",/, ""), "id"],
    ["a GUID with a short group", minimal.replace(/"id": "[^"]*"/, "\"id\": \"9D50F353-27B-44FE-9EF4-2969F9533969\""), "id"],
    ["an escaped id", minimal.replace(/"id": "9/, "\"id\": \"\\u0039"), "id"],
    ["a duplicate id", minimal.replace(/"id":/, "\"id\": \"x\", \"id\":"), "id"],
    ["a missing policy array", "{\"id\": \"9D50F353-27B6-44FE-9EF4-2969F9533969\"}", "policy"],
    ["policy not an array", "{\"id\": \"9D50F353-27B6-44FE-9EF4-2969F9533969\", \"policy\": {}}", "policy"],
    ["an unknown operation", withBlock(prop("ISVSVN", "eq", "1")), "policy[0].QE.QeIdentity.ISVSVN.operation"],
    ["an escaped operation", withBlock(prop("ISVSVN", "equ\\u0061l", "1")), "policy[0].QE.QeIdentity.ISVSVN.operation"],
    ["a negative integer reference", withBlock(prop("ISVSVN", "equal", "-1")), "policy[0].QE.QeIdentity.ISVSVN.reference"],
    ["a fractional reference", withBlock(prop("ISVSVN", "equal", "1.0")), "policy[0].QE.QeIdentity.ISVSVN.reference"],
    ["an integer above u64", withBlock(prop("ISVSVN", "equal", "18446744073709551616")), "policy[0].QE.QeIdentity.ISVSVN.reference"],
    ["an array item above 255", withBlock(prop("ATTRIBUTES", "array-equal", "[256]")), "policy[0].QE.QeIdentity.ATTRIBUTES.reference"],
    ["a boolean reference", withBlock(prop("ISVSVN", "equal", "true")), "policy[0].QE.QeIdentity.ISVSVN.reference"],
    ["a missing reference", withBlock("{\"QE\":{\"QeIdentity\":{\"ISVSVN\":{\"operation\":\"equal\"}}}}"), "policy[0].QE.QeIdentity.ISVSVN.reference"],
    ["a duplicate operation", withBlock("{\"QE\":{\"QeIdentity\":{\"ISVSVN\":{\"operation\":\"equal\",\"operation\":\"equal\",\"reference\":1}}}}"), "policy[0].QE.QeIdentity.ISVSVN.operation"],
    ["a block of no known shape", withBlock("{\"Qe\":{}}"), "policy[0]"],
    ["a platform block without fmspc", withBlock("{\"Platform\":{\"TcbInfo\":{}}}"), "policy[0].fmspc"],
    ["a numeric fmspc", withBlock("{\"fmspc\":1,\"Platform\":{\"TcbInfo\":{}}}"), "policy[0].fmspc"],
    ["a MigTD block without TDINFO", withBlock("{\"MigTD\":{\"EventLog\":{}}}"), "policy[0].MigTD.TDINFO"],
    ["a trailing comma", minimal.replace(/}\s*]\s*}\s*$/, "},]}"), ""],
  ])("rejects %s as InvalidPolicy naming the key", (_n, text, key) => {
    const r = check(text);
    expect(r.valid).toBe(false);
    expect(r.code).toBe(9);
    expect(r.key).toBe(key);
    if (key) expect(r.message).toContain(key);
  });

  it.each([
    ["unknown members (ignored, as MigTD does)", withBlock("{\"QE\":{\"QeIdentity\":{}},\"comment\":\"x\"}")],
    ["EventLog: null (absent)", withBlock("{\"MigTD\":{\"TDINFO\":{},\"EventLog\":null}}")],
    ["an empty byte array", withBlock(prop("ATTRIBUTES", "array-equal", "[]"))],
    ["a range with open bounds", withBlock(prop("ISVSVN", "in-range", "\"..\""))],
    ["the subset operation (always fails when evaluated)", withBlock(prop("ISVSVN", "subset", "\"self\""))],
  ])("accepts %s", (_n, text) => {
    expect(check(text).valid).toBe(true);
  });

  it("takes the last of two equal property names and warns", () => {
    const r = check(withBlock("{\"QE\":{\"QeIdentity\":{\"ISVSVN\":{\"operation\":\"equal\",\"reference\":1},\"ISVSVN\":{\"operation\":\"equal\",\"reference\":2}}}}"));
    expect(r.valid).toBe(true);
    expect(r.policy.blocks[0].properties).toEqual([expect.objectContaining({ name: "ISVSVN", reference: 2 })]);
    expect(r.policy.warnings.join("\n")).toContain("more than once");
  });

  it("orders properties by name, as MigTD evaluates them", () => {
    const r = check(withBlock("{\"QE\":{\"QeIdentity\":{\"MRSIGNER\":{\"operation\":\"equal\",\"reference\":\"self\"},\"ISVSVN\":{\"operation\":\"equal\",\"reference\":\"self\"}}}}"));
    expect(r.policy.blocks[0].properties.map((p: any) => p.name)).toEqual(["ISVSVN", "MRSIGNER"]);
  });

  it("warns about names MigTD does not map, such as QE MRENCLAVE", () => {
    const r = check(withBlock(prop("MRENCLAVE", "equal", "\"self\"")));
    expect(r.valid).toBe(true);
    expect(r.policy.warnings.join("\n")).toContain("MRENCLAVE");
  });
});
