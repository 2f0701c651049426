/* vsnprintf for the engine layer: the subset include/stdio.h lists. Writes at most cap - 1
 * bytes and a NUL (when cap > 0) and returns the length the whole output would have had, as C
 * requires. Floating point (f e g) is printed from at most 17 significant decimal digits,
 * which identifies any double; digits past those are zeros. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct out {
  char *buf;
  size_t cap, n;
};

static void put(struct out *o, char c) {
  if (o->n + 1 < o->cap) o->buf[o->n] = c;
  o->n++;
}

static void puts_n(struct out *o, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) put(o, s[i]);
}

static void pad(struct out *o, char c, int n) {
  while (n-- > 0) put(o, c);
}

enum { F_MINUS = 1, F_PLUS = 2, F_SPACE = 4, F_ZERO = 8, F_HASH = 16 };

/* prefix (sign, 0x), then zeros to `zeros`, then body, padded to width. */
static void field(struct out *o, int flags, int width, const char *prefix, int zeros,
                  const char *body, int len) {
  int plen = (int)strlen(prefix);
  int total = plen + (zeros > len ? zeros : len);
  if (!(flags & F_MINUS) && !(flags & F_ZERO)) pad(o, ' ', width - total);
  puts_n(o, prefix, (size_t)plen);
  if (!(flags & F_MINUS) && (flags & F_ZERO)) pad(o, '0', width - total);
  pad(o, '0', zeros - len);
  puts_n(o, body, (size_t)len);
  if (flags & F_MINUS) pad(o, ' ', width - total);
}

static int utoa(uint64_t v, unsigned base, int upper, char *end) {
  const char *dig = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char *p = end;
  do {
    *--p = dig[v % base];
    v /= base;
  } while (v);
  return (int)(end - p);
}

/* The decimal digits of |x| (finite, > 0): 17 significant digits into d[], and the decimal
 * exponent of the first one. Scaled into [1e16, 1e17) in x87 extended precision (10^k exact
 * up to 10^27), then rounded to an integer. */
static int digits17(double x, char d[17], int *exp10) {
  static const long double p10[] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
                                    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
                                    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
  long double v = x;
  int e = 0;
  while (v >= 1e17L) {
    int k = v >= 1e44L ? 27 : 1;
    v /= p10[k];
    e += k;
  }
  while (v < 1e16L) {
    int k = v < 1e-11L ? 27 : 1;
    v *= p10[k];
    e -= k;
  }
  uint64_t m = (uint64_t)(v + 0.5L);
  if (m >= 100000000000000000ull) { m /= 10; e++; }
  for (int i = 16; i >= 0; i--) {
    d[i] = (char)('0' + m % 10);
    m /= 10;
  }
  *exp10 = e + 16;
  return 17;
}

/* Rounds the 17 digits to `keep` significant digits, half to even on an exact tie (what the
 * binary value gives when its 17 digits are exact); may carry into a new leading digit (then
 * *exp10 grows). */
static void round_digits(char d[17], int keep, int *exp10) {
  if (keep >= 17) return;
  if (keep < 0) {
    memset(d, '0', 17);
    return;
  }
  int up = d[keep] > '5';
  if (d[keep] == '5') {
    int tie = 1;
    for (int i = keep + 1; i < 17; i++) tie &= d[i] == '0';
    up = !tie || (keep > 0 && (d[keep - 1] - '0') % 2 == 1);
  }
  for (int i = keep; i < 17; i++) d[i] = '0';
  for (int i = keep - 1; up && i >= 0; i--) {
    if (d[i] == '9') d[i] = '0';
    else { d[i]++; up = 0; }
  }
  if (up) { /* 999.. -> 1000.. */
    memmove(d + 1, d, 16);
    d[0] = '1';
    ++*exp10;
  }
}

static char digit_at(const char d[17], int i) { return (i >= 0 && i < 17) ? d[i] : '0'; }

/* %f / %e / %g body of |x| into buf (at most 400 bytes: %f of 1e308 with precision <= 40). */
static int fmt_float(double x, char conv, int prec, int flags, char *buf) {
  int upper = conv == 'E' || conv == 'G' || conv == 'F';
  char lc = (char)(conv | 32);
  if (x != x) return (int)(memcpy(buf, upper ? "NAN" : "nan", 3), 3);
  if (x == __builtin_inf()) return (int)(memcpy(buf, upper ? "INF" : "inf", 3), 3);
  if (prec < 0) prec = 6;
  if (prec > 40) prec = 40;
  char d[17];
  int e10 = 0;
  if (x == 0) memset(d, '0', 17);
  else digits17(x, d, &e10);
  int strip = 0;
  if (lc == 'g') {
    int p = prec ? prec : 1;
    char t[17];
    int te = e10;
    memcpy(t, d, 17);
    if (x != 0) round_digits(t, p, &te);
    if (x != 0 && (te < -4 || te >= p)) { lc = 'e'; prec = p - 1; }
    else { lc = 'f'; prec = p - 1 - (x == 0 ? 0 : te); }
    strip = !(flags & F_HASH);
  }
  int n = 0;
  if (lc == 'e') {
    if (x != 0) round_digits(d, prec + 1, &e10);
    buf[n++] = d[0];
    if (prec || (flags & F_HASH)) buf[n++] = '.';
    for (int i = 1; i <= prec; i++) buf[n++] = digit_at(d, i);
    if (strip) {
      while (buf[n - 1] == '0') n--;
      if (buf[n - 1] == '.') n--;
    }
    buf[n++] = upper ? 'E' : 'e';
    int ae = e10 < 0 ? -e10 : e10;
    buf[n++] = e10 < 0 ? '-' : '+';
    char tmp[8];
    int l = utoa((uint64_t)ae, 10, 0, tmp + 8);
    if (l < 2) buf[n++] = '0';
    memcpy(buf + n, tmp + 8 - l, (size_t)l);
    return n + l;
  }
  /* f: digits d[i] stands for 10^(e10 - i) */
  if (x != 0) round_digits(d, e10 + 1 + prec, &e10);
  if (e10 < 0) buf[n++] = '0';
  for (int i = 0; i <= e10; i++) buf[n++] = digit_at(d, i);
  if (prec || (flags & F_HASH)) buf[n++] = '.';
  for (int k = 1; k <= prec; k++) buf[n++] = digit_at(d, e10 + k);
  if (strip && prec) {
    while (buf[n - 1] == '0') n--;
    if (buf[n - 1] == '.') n--;
  }
  return n;
}

int vsnprintf(char *restrict buf, size_t cap, const char *restrict fmt, va_list ap) {
  struct out o = {buf, cap, 0};
  for (const char *p = fmt; *p; p++) {
    if (*p != '%') {
      put(&o, *p);
      continue;
    }
    int flags = 0, width = 0, prec = -1, len = 0;
    for (;; p++) {
      if (p[1] == '-') flags |= F_MINUS;
      else if (p[1] == '+') flags |= F_PLUS;
      else if (p[1] == ' ') flags |= F_SPACE;
      else if (p[1] == '0') flags |= F_ZERO;
      else if (p[1] == '#') flags |= F_HASH;
      else break;
    }
    p++;
    if (*p == '*') {
      width = va_arg(ap, int);
      if (width < 0) { flags |= F_MINUS; width = -width; }
      p++;
    } else {
      while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    }
    if (*p == '.') {
      p++;
      prec = 0;
      if (*p == '*') { prec = va_arg(ap, int); p++; }
      else while (*p >= '0' && *p <= '9') prec = prec * 10 + (*p++ - '0');
    }
    if (flags & F_MINUS) flags &= ~F_ZERO;
    /* length: 1 hh, 2 h, 3 l, 4 ll (z j t are 64-bit here) */
    if (*p == 'h') { len = 2; if (*++p == 'h') { len = 1; p++; } }
    else if (*p == 'l') { len = 3; if (*++p == 'l') { len = 4; p++; } }
    else if (*p == 'z' || *p == 'j' || *p == 't') { len = 4; p++; }
    char tmp[416];
    char *end = tmp + sizeof tmp;
    const char *prefix = "";
    int n;
    switch (*p) {
      case 'd': case 'i': {
        int64_t v = len >= 3 ? va_arg(ap, int64_t) : (int64_t)va_arg(ap, int);
        if (len == 1) v = (signed char)v;
        else if (len == 2) v = (short)v;
        uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
        prefix = v < 0 ? "-" : (flags & F_PLUS) ? "+" : (flags & F_SPACE) ? " " : "";
        n = (prec == 0 && u == 0) ? 0 : utoa(u, 10, 0, end);
        if (prec >= 0) flags &= ~F_ZERO;
        field(&o, flags, width, prefix, prec, end - n, n);
        break;
      }
      case 'u': case 'x': case 'X': case 'o': {
        uint64_t u = len >= 3 ? va_arg(ap, uint64_t) : (uint64_t)va_arg(ap, unsigned);
        if (len == 1) u = (unsigned char)u;
        else if (len == 2) u = (unsigned short)u;
        unsigned base = *p == 'o' ? 8 : *p == 'u' ? 10 : 16;
        n = (prec == 0 && u == 0) ? 0 : utoa(u, base, *p == 'X', end);
        if ((flags & F_HASH) && u && base == 16) prefix = *p == 'X' ? "0X" : "0x";
        if ((flags & F_HASH) && base == 8 && (n == 0 || end[-n] != '0') && prec <= n) prec = n + 1;
        if (prec >= 0) flags &= ~F_ZERO;
        field(&o, flags, width, prefix, prec, end - n, n);
        break;
      }
      case 'p': {
        uint64_t u = (uint64_t)(uintptr_t)va_arg(ap, void *);
        n = utoa(u, 16, 0, end);
        field(&o, flags & ~F_ZERO, width, "0x", 0, end - n, n);
        break;
      }
      case 'c':
        tmp[0] = (char)va_arg(ap, int);
        field(&o, flags & ~F_ZERO, width, "", 0, tmp, 1);
        break;
      case 's': {
        const char *s = va_arg(ap, const char *);
        if (!s) s = "(null)";
        size_t l = prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s);
        field(&o, flags & ~F_ZERO, width, "", 0, s, (int)l);
        break;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
        double x = va_arg(ap, double);
        int neg = __builtin_signbit(x);
        if (neg) x = -x;
        prefix = neg ? "-" : (flags & F_PLUS) ? "+" : (flags & F_SPACE) ? " " : "";
        n = fmt_float(x, *p, prec, flags, tmp);
        if (x != x || x == __builtin_inf()) flags &= ~F_ZERO;
        field(&o, flags, width, prefix, 0, tmp, n);
        break;
      }
      case '%':
        put(&o, '%');
        break;
      default: /* unsupported (including %n): shown as written, consuming nothing */
        put(&o, '%');
        if (!*p) p--;
        else put(&o, *p);
        break;
    }
  }
  if (cap) o.buf[o.n < cap ? o.n : cap - 1] = 0;
  return o.n > 0x7fffffff ? -1 : (int)o.n;
}
