// The decoders under collateral and certificate parsing read memory directly (behind one bounds
// test) and keep JSON strings as bytes; these properties hold them to independent oracles: Node's
// JSON.parse and Buffer for well-formed input, the documented rules for malformed input, and a
// rejection (never a trap) for every truncation and stray byte.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attestLib } from "./lib.ts";

const runs = Number(process.env.ATTEST_PROPERTY_RUNS ?? 300);
const lib = attestLib();
const enc = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

type Probe = { ok: boolean; canonical?: string; bytes?: string; escaped?: boolean; pos?: number; message?: string };
const probe = (b: Uint8Array): Probe => lib.callJson<Probe>("json_probe", b);
// [1, bytes...] -> bytes, [0] -> null.
const dec = (fn: string, b: Uint8Array): Uint8Array | null => {
  const r = lib.callBytes(fn, b);
  return r[0] === 1 ? r.subarray(1) : null;
};

// JSON text of a string escaping as much as possible: every character as \uXXXX (surrogate
// pairs for astral ones) or its short escape, at random.
function escapeAll(s: string, pick: number[]): string {
  let out = "\"";
  let i = 0;
  for (const ch of s) {
    const mode = pick[i++ % pick.length] % 3;
    if (mode === 0) out += JSON.stringify(ch).slice(1, -1);
    else if (mode === 1) for (const u of ch.split("")) out += "\\u" + u.charCodeAt(0).toString(16).padStart(4, "0");
    else out += ch === "\"" || ch === "\\" || ch.charCodeAt(0) < 0x20 ? "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0") : ch;
  }
  return out + "\"";
}
const text = fc.string({ unit: "binary", maxLength: 40 }).filter((s) => s.isWellFormed());

describe("JSON strings", () => {
  it("a string's bytes are its UTF-8, escaped or not, and its value is JSON.parse's", () => {
    fc.assert(fc.property(text, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (s, pick) => {
      const src = escapeAll(s, pick);
      const p = probe(enc(src));
      expect(p.ok).toBe(true);
      expect(p.bytes).toBe(hex(enc(s)));
      expect(p.escaped).toBe(src.includes("\\"));
      expect(JSON.parse(p.canonical!)).toBe(s);
    }), { numRuns: runs });
  });

  it("documents with escaped strings parse to JSON.parse's value", () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => {
      const src = JSON.stringify(v, null, 1).replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
      const p = probe(enc(src));
      expect(p.ok).toBe(true);
      expect(JSON.parse(p.canonical!)).toStrictEqual(JSON.parse(src));
    }), { numRuns: runs });
  });

  it("every truncation of an escaped string is rejected at a position inside it", () => {
    fc.assert(fc.property(text, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), fc.nat(), (s, pick, k) => {
      const src = enc(escapeAll(s, pick));
      const cut = src.subarray(0, k % src.length);
      const p = probe(cut);
      expect(p.ok).toBe(false);
      expect(p.pos).toBeGreaterThanOrEqual(0);
      expect(p.pos).toBeLessThanOrEqual(cut.length);
    }), { numRuns: runs });
  });

  it("bad escapes, raw control characters and bad UTF-8 are rejected at their byte", () => {
    const cases: [string | Uint8Array, number, string][] = [
      ["\"ab\\", 3, "unterminated escape"],
      ["\"ab\\x\"", 3, "invalid escape"],
      ["\"\\u12\"", 1, "invalid \\u escape"],
      ["\"\\u12g4\"", 1, "invalid \\u escape"],
      ["\"a\\ud800\"", 2, "lone high surrogate in \\u escape"],
      ["\"a\\ud800\\u0041\"", 2, "high surrogate not followed by a low surrogate"],
      ["\"\\udc00\"", 1, "lone low surrogate in \\u escape"],
      ["\"a\\n\u0001\"", 4, "control character in string"],
      ["\"\u0001\"", 1, "control character in string"],
      [Uint8Array.from([0x22, 0x5c, 0x6e, 0xc3, 0x28, 0x22]), 3, "invalid UTF-8 in string"],
      [Uint8Array.from([0x22, 0x61, 0xe0, 0x80, 0x80, 0x22]), 2, "invalid UTF-8 in string"],
      ["\"abc\\\"", 0, "unterminated string"],
      ["{\"a\\u00\":1}", 3, "invalid \\u escape"],
    ];
    for (const [src, pos, message] of cases) {
      const p = probe(typeof src === "string" ? enc(src) : src);
      expect({ src: String(src), ok: p.ok, pos: p.pos, message: p.message }).toStrictEqual({ src: String(src), ok: false, pos, message });
    }
  });

  it("random bytes inside a real-looking document never trap, and acceptance matches JSON.parse for valid UTF-8", () => {
    const base = enc("{\"pem\":\"-----BEGIN\\nQUJD\\n-----END\",\"n\":[1,-2.5e3,18446744073709551616],\"s\":\"\\u00e9\\ud83d\\ude00\"}");
    fc.assert(fc.property(fc.nat(base.length), fc.uint8Array({ minLength: 1, maxLength: 3 }), (i, ins) => {
      const b = new Uint8Array([...base.subarray(0, i), ...ins, ...base.subarray(i)]);
      const p = probe(b);
      let nodeOk = true;
      let str: string;
      try {
        str = new TextDecoder("utf-8", { fatal: true }).decode(b);
      } catch {
        expect(p.ok).toBe(false);
        return;
      }
      try {
        JSON.parse(str);
      } catch {
        nodeOk = false;
      }
      // JSON.parse accepts lone surrogate escapes and a leading BOM; this parser refuses both.
      if (!/\\u[dD][89a-fA-F]|^\uFEFF/.test(str)) expect(p.ok).toBe(nodeOk);
      if (p.ok) expect(JSON.parse(p.canonical!)).toStrictEqual(JSON.parse(str));
    }), { numRuns: runs });
  });
});

// Base64 as RFC 4648 §4 with whitespace skipped and '=' only at the end (der/base64.ts).
function base64Rule(s: string): boolean {
  const body = s.replace(/[ \t\r\n]/g, "");
  const m = /^([A-Za-z0-9+/]*)(=*)$/.exec(body);
  return m !== null && m[2].length <= 2 && body.length % 4 === 0;
}

describe("base64", () => {
  it("decodes what Buffer encodes, wrapped with any whitespace", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(80), fc.constantFrom("\n", "\r\n", " ", "\t"), (b, w, ws) => {
      const s = Buffer.from(b).toString("base64");
      const wrapped = w === 0 ? s : s.replace(new RegExp(`(.{${w}})`, "g"), "$1" + ws);
      const out = dec("base64_decode", enc(wrapped));
      expect(out && hex(out)).toBe(hex(b));
    }), { numRuns: runs });
  });

  it("accepts exactly what the rules accept, and then agrees with Buffer", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n-_*é\u0000".split("");
    fc.assert(fc.property(fc.array(fc.constantFrom(...alphabet), { maxLength: 40 }), (chars) => {
      const s = chars.join("");
      const out = dec("base64_decode", enc(s));
      expect(out !== null).toBe(base64Rule(s));
      if (out !== null) expect(hex(out)).toBe(Buffer.from(s.replace(/\s/g, ""), "base64").toString("hex"));
    }), { numRuns: runs * 3 });
  });
});

describe("hex", () => {
  it("bytes and text decoding agree with Buffer on valid hex and both reject the rest", () => {
    const digits = "0123456789abcdefABCDEFgx é".split("");
    fc.assert(fc.property(fc.array(fc.constantFrom(...digits), { maxLength: 40 }), (chars) => {
      const s = chars.join("");
      const valid = /^([0-9a-fA-F]{2})*$/.test(s);
      const a = dec("hex_decode_bytes", enc(s));
      const b = dec("hex_decode_text", enc(s));
      expect(a !== null).toBe(valid);
      expect(b !== null).toBe(valid);
      if (valid) {
        expect(hex(a!)).toBe(Buffer.from(s, "hex").toString("hex"));
        expect(hex(b!)).toBe(hex(a!));
      }
    }), { numRuns: runs * 3 });
  });
});

describe("OIDs and byte comparison", () => {
  it("every OID answered from the known table decodes to the same text", () => {
    expect(lib.fn("oid_known_agree")()).toBe(1);
  });

  it("bytesEqual agrees with Buffer.equals at every length, offset and differing byte", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), fc.nat(3), fc.nat(), fc.nat(255), (a, pad, at, v) => {
      const b = Uint8Array.from(a);
      if (b.length > 0 && v % 2 === 0) b[at % b.length] ^= (v >> 1) | 1;
      // a at offset 0, b after `pad` extra bytes of a: unaligned views of one buffer.
      const joined = new Uint8Array([...a, ...b.subarray(0, Math.max(0, b.length - pad))]);
      const k = a.length;
      const expected = Buffer.from(joined.subarray(0, k)).equals(Buffer.from(joined.subarray(k)));
      expect(lib.callBytes("bytes_equal_split", joined, k)[0] === 1).toBe(expected);
    }), { numRuns: runs * 3 });
  });
});
