/* A single pass over the JSON text that tracks nesting and object keys, enough to find one
 * member two levels down without building anything (the shim has no allocator). Malformed text
 * ends the search with -1; it never reads outside the buffer. */
#include "policy-version.h"
#include "mem.h"

enum { WANT_NONE, WANT_POLICY_DATA, WANT_VERSION };

static int is_ws(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static int key_is(const uint8_t *s, size_t len, const char *want, size_t want_len) {
  return len == want_len && mem_eq(s, want, want_len);
}

int policy_v2_version(const uint8_t *p, size_t n, const uint8_t **ver, size_t *len) {
  size_t depth = 0, pd_depth = 0; /* pd_depth: depth inside policyData, 0 = not inside */
  int want = WANT_NONE;           /* what the key just read names */
  for (size_t i = 0; i < n; i++) {
    uint8_t c = p[i];
    if (is_ws(c) || c == 0) continue;
    int pending = want;
    want = WANT_NONE;
    if (c == '"') {
      size_t start = ++i;
      int escaped = 0;
      while (i < n && p[i] != '"') {
        if (p[i] == '\\') {
          escaped = 1;
          i++;
        }
        i++;
      }
      if (i >= n) return -1;
      size_t slen = i - start;
      size_t j = i + 1;
      while (j < n && is_ws(p[j])) j++;
      if (j < n && p[j] == ':') { /* a key */
        i = j;
        if (depth == 1 && key_is(p + start, slen, "policyData", 10)) want = WANT_POLICY_DATA;
        else if (pd_depth != 0 && depth == pd_depth && key_is(p + start, slen, "version", 7)) want = WANT_VERSION;
        continue;
      }
      if (pending == WANT_VERSION) { /* the value of policyData.version */
        if (escaped || slen > POLICY_VERSION_MAX) return -1;
        *ver = p + start;
        *len = slen;
        return 0;
      }
    } else if (c == '{' || c == '[') {
      depth++;
      if (pending == WANT_POLICY_DATA && c == '{') pd_depth = depth;
    } else if (c == '}' || c == ']') {
      if (depth == 0) return -1;
      if (depth == pd_depth) pd_depth = 0;
      depth--;
    }
  }
  return -1;
}
