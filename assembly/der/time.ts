// UTCTime and GeneralizedTime in the DER profile of RFC 5280 §4.1.2.5: UTCTime YYMMDDHHMMSSZ
// (YY >= 50 -> 19YY), GeneralizedTime YYYYMMDDHHMMSSZ, seconds present, always 'Z', no fractions.
// Values are seconds since the Unix epoch (i64; GeneralizedTime reaches 9999).
import { TAG_GENERALIZED_TIME, TAG_UTC_TIME } from "./tags";
import { DerReader } from "./reader";

export const TIME_INVALID: i64 = i64.MIN_VALUE;

// Days from 1970-01-01 to y-m-d (proleptic Gregorian), Howard Hinnant's days_from_civil.
export function daysFromCivil(y: i64, m: i64, d: i64): i64 {
  y -= m <= 2 ? 1 : 0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = (153 * mp + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(y: i64): bool {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

export function daysInMonth(y: i64, m: i64): i64 {
  if (m == 2) return isLeap(y) ? 29 : 28;
  return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
}

// Seconds since epoch for a validated calendar time, or TIME_INVALID.
export function civilToUnix(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64): i64 {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return TIME_INVALID;
  return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

// n decimal digits at p (in memory the caller has bounded), or -1.
function digits(p: usize, n: i32): i64 {
  let v: i64 = 0;
  for (let i = 0; i < n; i++) {
    const ch = <i32>load<u8>(p + <usize>i);
    if (ch < 48 || ch > 57) return -1;
    v = v * 10 + <i64>(ch - 48);
  }
  return v;
}

export function parseDerTime(tag: i32, c: Uint8Array): i64 {
  return parseDerTimeAt(tag, c.dataStart, c.length);
}

// The same over the `len` content bytes at `c` (read in place from a DER reader's input); every
// read below is at an offset under the exact length checked first.
function parseDerTimeAt(tag: i32, c: usize, len: i32): i64 {
  let y: i64;
  let p: usize;
  if (tag == TAG_UTC_TIME) {
    if (len != 13) return TIME_INVALID;
    y = digits(c, 2);
    if (y < 0) return TIME_INVALID;
    y += y >= 50 ? 1900 : 2000;
    p = c + 2;
  } else if (tag == TAG_GENERALIZED_TIME) {
    if (len != 15) return TIME_INVALID;
    y = digits(c, 4);
    if (y < 0) return TIME_INVALID;
    p = c + 4;
  } else {
    return TIME_INVALID;
  }
  if (load<u8>(c + <usize>(len - 1)) != 0x5a) return TIME_INVALID; // 'Z'
  const mo = digits(p, 2);
  const d = digits(p + 2, 2);
  const h = digits(p + 4, 2);
  const mi = digits(p + 6, 2);
  const s = digits(p + 8, 2);
  if (mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return TIME_INVALID;
  return civilToUnix(y, mo, d, h, mi, s);
}

// Reads a Time (CHOICE of UTCTime / GeneralizedTime).
export function readTime(r: DerReader): i64 {
  const tag = r.peekTag();
  if (tag != TAG_UTC_TIME && tag != TAG_GENERALIZED_TIME) {
    r.fail("DER: expected a time");
    return TIME_INVALID;
  }
  if (!r.contentSpan(tag)) return TIME_INVALID;
  const v = parseDerTimeAt(tag, r.buf.dataStart + <usize>r.spanStart, r.spanEnd - r.spanStart);
  if (v == TIME_INVALID) r.fail("DER: malformed time");
  return v;
}

// ISO-8601 "YYYY-MM-DDTHH:MM:SSZ" (optionally with fractional seconds, ignored), as used by
// Intel PCS JSON (TCB info, QE identity); TIME_INVALID otherwise.
export function parseIsoTime(s: string): i64 {
  const n = s.length;
  if (n < 20 || s.charCodeAt(n - 1) != 0x5a) return TIME_INVALID;
  if (s.charCodeAt(4) != 45 || s.charCodeAt(7) != 45 || s.charCodeAt(10) != 84 || s.charCodeAt(13) != 58 || s.charCodeAt(16) != 58) {
    return TIME_INVALID;
  }
  if (n > 20) {
    if (s.charCodeAt(19) != 46) return TIME_INVALID;
    for (let i = 20; i < n - 1; i++) {
      const ch = s.charCodeAt(i);
      if (ch < 48 || ch > 57) return TIME_INVALID;
    }
  }
  const y = isoDigits(s, 0, 4);
  const mo = isoDigits(s, 5, 2);
  const d = isoDigits(s, 8, 2);
  const h = isoDigits(s, 11, 2);
  const mi = isoDigits(s, 14, 2);
  const sec = isoDigits(s, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return TIME_INVALID;
  return civilToUnix(y, mo, d, h, mi, sec);
}

function isoDigits(s: string, off: i32, n: i32): i64 {
  let v: i64 = 0;
  for (let i = 0; i < n; i++) {
    const ch = s.charCodeAt(off + i);
    if (ch < 48 || ch > 57) return -1;
    v = v * 10 + <i64>(ch - 48);
  }
  return v;
}

function pad2(v: i64): string {
  return v < 10 ? "0" + v.toString() : v.toString();
}

// Unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (logs, and the ISO dates policy v2 compares; Howard
// Hinnant's civil_from_days, proleptic Gregorian, UTC). The year is padded to four digits so the
// strings order as the instants do.
export function isoTime(t: i64): string {
  let days = t / 86400;
  let rem = t % 86400;
  if (rem < 0) { rem += 86400; days -= 1; }
  const z = days + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const d = doy - (153 * mp + 2) / 5 + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  let ys = y.toString();
  while (ys.length < 4) ys = "0" + ys;
  return ys + "-" + pad2(m) + "-" + pad2(d) + "T" + pad2(rem / 3600) + ":" + pad2((rem / 60) % 60) + ":" + pad2(rem % 60) + "Z";
}
