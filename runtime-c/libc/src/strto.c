/* strtoul/strtoull/strtol/strtoll and strtod for the engine layer (wasm3 parses numbers from
 * strings only in API paths the runtime does not use, but links them). No locale and no errno:
 * the engine has neither. Out-of-range integers clamp to the type's limit, as C requires.
 *
 * strtod accepts what C's does for decimal input: optional sign, digits with an optional '.',
 * an optional exponent, and "inf"/"infinity"/"nan" (any case); hexadecimal floats ("0x1.8p3")
 * too. The first 19 significant digits count (later ones are dropped, not rounded); those are
 * scaled in x87 extended precision and rounded once to double, so results are correctly rounded
 * but for rare near-halfway cases (then 1 ulp off); subnormal results may be off by more. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static int space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int digit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

/* The magnitude of an integer in `base` (0: C prefixes), clamped to UINT64_MAX; *neg, *over. */
static uint64_t scan(const char *s, char **end, int base, int *neg, int *over) {
  const char *p = s;
  uint64_t v = 0;
  int any = 0;
  *neg = 0;
  *over = 0;
  if (base < 0 || base == 1 || base > 36) {
    if (end) *end = (char *)s;
    return 0;
  }
  while (space(*p)) p++;
  if (*p == '+' || *p == '-') *neg = *p++ == '-';
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' && digit(p[2]) < 16) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = *p == '0' ? 8 : 10;
  }
  for (int d; (d = digit(*p)) < base; p++) {
    any = 1;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) *over = 1;
    else v = v * (uint64_t)base + (uint64_t)d;
  }
  if (end) *end = (char *)(any ? p : s);
  return *over ? UINT64_MAX : v;
}

unsigned long long strtoull(const char *s, char **end, int base) {
  int neg, over;
  uint64_t v = scan(s, end, base, &neg, &over);
  if (over) return ULLONG_MAX;
  return neg ? (unsigned long long)(0 - v) : v; /* C: negation in the unsigned type */
}

unsigned long strtoul(const char *s, char **end, int base) {
  return (unsigned long)strtoull(s, end, base); /* LP64: the same width */
}

long long strtoll(const char *s, char **end, int base) {
  int neg, over;
  uint64_t v = scan(s, end, base, &neg, &over);
  if (neg) return (over || v > (uint64_t)LLONG_MAX + 1) ? LLONG_MIN : (long long)(0 - v);
  return (over || v > (uint64_t)LLONG_MAX) ? LLONG_MAX : (long long)v;
}

long strtol(const char *s, char **end, int base) { return (long)strtoll(s, end, base); }

static int match(const char *p, const char *word) {
  int n = 0;
  for (; word[n]; n++)
    if ((p[n] | 32) != word[n]) return 0;
  return n;
}

/* m * 10^e, computed in x87 extended precision (64-bit significand): 10^0..10^27 are exact
 * there, so each step rounds once at 2^-64 and the final rounding to double dominates. */
static double scale10(uint64_t m, long e) {
  static const long double p10[] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
                                    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
                                    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
  long double v = (long double)m;
  if (v == 0) return 0;
  if (e > 400) return HUGE_VAL;
  if (e < -400) return 0;
  while (e > 27) { v *= p10[27]; e -= 27; }
  while (e < -27) { v /= p10[27]; e += 27; }
  v = e >= 0 ? v * p10[e] : v / p10[-e];
  return (double)v;
}

static double scale2(double v, long e) {
  while (e > 0) {
    long k = e > 60 ? 60 : e;
    v *= (double)(1ull << k);
    e -= k;
  }
  while (e < 0) {
    long k = e < -60 ? 60 : -e;
    v /= (double)(1ull << k);
    e += k;
  }
  return v;
}

static double hexfloat(const char *p, char **end, const char *fallback) {
  uint64_t m = 0;
  long e = 0;
  int any = 0, d;
  for (; (d = digit(*p)) < 16; p++, any = 1) {
    if (m >> 60) e += 4; /* keep 60 bits of significand, count the rest */
    else m = m * 16 + (uint64_t)d;
  }
  if (*p == '.') {
    for (p++; (d = digit(*p)) < 16; p++, any = 1) {
      if (m >> 60) continue;
      m = m * 16 + (uint64_t)d;
      e -= 4;
    }
  }
  if (!any) {
    if (end) *end = (char *)fallback;
    return 0;
  }
  if ((*p | 32) == 'p') {
    int neg, over;
    char *q;
    const char *x = p + 1;
    long v = (long)scan(x, &q, 10, &neg, &over);
    if ((*x == '+' || *x == '-' || (*x >= '0' && *x <= '9')) && q != x) {
      if (over || v > 100000) v = 100000;
      e += neg ? -v : v;
      p = q;
    }
  }
  if (end) *end = (char *)p;
  return scale2((double)m, e);
}

double strtod(const char *s, char **end) {
  const char *p = s;
  int neg = 0, n;
  while (space(*p)) p++;
  if (*p == '+' || *p == '-') neg = *p++ == '-';
  double sign = neg ? -1.0 : 1.0;
  if ((n = match(p, "infinity")) || (n = match(p, "inf"))) {
    if (end) *end = (char *)(p + n);
    return sign * HUGE_VAL;
  }
  if ((n = match(p, "nan"))) {
    p += n;
    if (*p == '(') { /* nan(chars) */
      const char *q = p + 1;
      while (digit(*q) < 36 || *q == '_') q++;
      if (*q == ')') p = q + 1;
    }
    if (end) *end = (char *)p;
    return sign * __builtin_nan("");
  }
  if (p[0] == '0' && (p[1] | 32) == 'x') return sign * hexfloat(p + 2, end, p + 1);

  uint64_t m = 0;
  long e = 0;
  int digits = 0, any = 0;
  for (; *p >= '0' && *p <= '9'; p++, any = 1) {
    if (digits < 19) {
      m = m * 10 + (uint64_t)(*p - '0');
      if (m) digits++;
    } else {
      e++;
    }
  }
  if (*p == '.') {
    for (p++; *p >= '0' && *p <= '9'; p++, any = 1) {
      if (digits < 19) {
        m = m * 10 + (uint64_t)(*p - '0');
        if (m) digits++;
        e--;
      }
    }
  }
  if (!any) {
    if (end) *end = (char *)s;
    return 0;
  }
  if ((*p | 32) == 'e') {
    int xneg, over;
    char *q;
    const char *x = p + 1;
    if ((*x == '+' || *x == '-' || (*x >= '0' && *x <= '9')) && !space(*x)) {
      long v = (long)scan(x, &q, 10, &xneg, &over);
      if (q != x) {
        if (over || v > 100000) v = 100000;
        e += xneg ? -v : v;
        p = q;
      }
    }
  }
  if (end) *end = (char *)p;
  return sign * scale10(m, e);
}
