// The policy `id` (spec migtd.md §3.1: "must parse as GUID"): exactly 36 ASCII characters,
// "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX", hex digits of either case, dashes at 8, 13, 18, 23.
export function isGuid(s: string): bool {
  if (s.length != 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != 0x2d) return false;
      continue;
    }
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hex) return false;
  }
  return true;
}
