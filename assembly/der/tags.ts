// Universal DER tags used by X.509 and CRLs (X.690 §8; class/constructed bits included).
export const TAG_BOOLEAN: i32 = 0x01;
export const TAG_INTEGER: i32 = 0x02;
export const TAG_BIT_STRING: i32 = 0x03;
export const TAG_OCTET_STRING: i32 = 0x04;
export const TAG_NULL: i32 = 0x05;
export const TAG_OID: i32 = 0x06;
export const TAG_ENUMERATED: i32 = 0x0a;
export const TAG_UTF8_STRING: i32 = 0x0c;
export const TAG_PRINTABLE_STRING: i32 = 0x13;
export const TAG_IA5_STRING: i32 = 0x16;
export const TAG_UTC_TIME: i32 = 0x17;
export const TAG_GENERALIZED_TIME: i32 = 0x18;
export const TAG_SEQUENCE: i32 = 0x30;
export const TAG_SET: i32 = 0x31;

// Context-specific tags: [n] constructed (EXPLICIT) and [n] primitive (IMPLICIT).
export function ctxCons(n: i32): i32 {
  return 0xa0 | n;
}
export function ctxPrim(n: i32): i32 {
  return 0x80 | n;
}
