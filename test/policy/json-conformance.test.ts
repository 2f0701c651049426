// JSONTestSuite-style conformance of the core's JSON parser (assembly/json/): y_ = must accept
// (and re-serialise to the same value JSON.parse sees), n_ = must reject with a position.
// Cases are written here, in the spirit of github.com/nst/JSONTestSuite's naming.
import { describe, expect, it } from "vitest";
import { jsonCheck } from "./helpers.ts";

const Y: [string, string][] = [
  ["y_object_empty", "{}"],
  ["y_array_empty", "[]"],
  ["y_structure_whitespace", " \t\r\n{ \"a\" : [ 1 , 2 ] }\n "],
  ["y_number_int", "123"],
  ["y_number_negative_zero", "-0"],
  ["y_number_fraction_exponent", "[1.5e+10, -2E-3, 0.0, 1e5]"],
  ["y_number_u64_max", "18446744073709551615"],
  ["y_number_above_u64", "18446744073709551616"],
  ["y_string_escapes", "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""],
  ["y_string_unicode_escape", "\"\\u00e9\\u4e2d\""],
  ["y_string_surrogate_pair", "\"\\ud83d\\ude00\""],
  ["y_string_utf8_raw", "\"é中😀\""],
  ["y_string_escaped_nul", "\"a\\u0000b\""],
  ["y_object_duplicate_keys_kept", "{\"a\":1,\"a\":2}"],
  ["y_literals", "[true,false,null]"],
  ["y_nested_128", "[".repeat(128) + "]".repeat(128)],
  ["y_string_del_char", "\"\u007f\""],
];

const N: [string, string | Uint8Array][] = [
  ["n_empty", ""],
  ["n_only_whitespace", "  "],
  ["n_trailing_comma_array", "[1,]"],
  ["n_trailing_comma_object", "{\"a\":1,}"],
  ["n_comment", "[1] // x"],
  ["n_single_quotes", "['a']"],
  ["n_unquoted_key", "{a:1}"],
  ["n_leading_zero", "01"],
  ["n_plus_sign", "+1"],
  ["n_dot_no_digits", "1."],
  ["n_leading_dot", ".5"],
  ["n_exponent_no_digits", "1e"],
  ["n_nan", "NaN"],
  ["n_infinity", "-Infinity"],
  ["n_hex_number", "0x10"],
  ["n_two_values", "{} {}"],
  ["n_unterminated_string", "\"abc"],
  ["n_unterminated_array", "[1,2"],
  ["n_unterminated_object", "{\"a\":1"],
  ["n_missing_colon", "{\"a\" 1}"],
  ["n_raw_newline_in_string", "\"a\nb\""],
  ["n_raw_tab_in_string", "\"a\tb\""],
  ["n_bad_escape", "\"\\x41\""],
  ["n_short_unicode_escape", "\"\\u12\""],
  ["n_lone_high_surrogate", "\"\\ud800\""],
  ["n_lone_low_surrogate", "\"\\udc00\""],
  ["n_high_then_non_low", "\"\\ud800\\u0041\""],
  ["n_bom", new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])],
  ["n_invalid_utf8_in_string", new Uint8Array([0x22, 0xff, 0x22])],
  ["n_overlong_utf8", new Uint8Array([0x22, 0xc0, 0xaf, 0x22])],
  ["n_utf8_surrogate", new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22])],
  ["n_truncated_utf8", new Uint8Array([0x22, 0xe4, 0xb8, 0x22])],
  ["n_nested_129", "[".repeat(129) + "]".repeat(129)],
  ["n_true_typo", "tru"],
  ["n_null_upper", "NULL"],
  ["n_nul_byte_outside", new Uint8Array([0x5b, 0x00, 0x5d])],
];

describe("the core JSON parser", () => {
  it.each(Y)("accepts %s", (_n, text) => {
    const r = jsonCheck(text);
    expect(r.ok, r.message).toBe(true);
    expect(JSON.parse(r.canonical!)).toEqual(JSON.parse(text));
  });

  it.each(N)("rejects %s with a position", (_n, text) => {
    const r = jsonCheck(text);
    expect(r.ok).toBe(false);
    expect(typeof r.pos).toBe("number");
    expect(r.message!.length).toBeGreaterThan(0);
  });

  it("reports where the error is", () => {
    expect(jsonCheck("{\"a\": [1, 2,]}").pos).toBe(12);
    expect(jsonCheck("[\"x\", 01]").pos).toBe(7);
  });

  it("refuses documents above its size limit (1 MiB)", () => {
    const big = "\"" + "a".repeat(1 << 20) + "\"";
    expect(jsonCheck(big).ok).toBe(false);
  });
});
