// Emitting JSON text: string quoting and the compact re-serialisation of a parsed tree (members
// in document order, duplicates kept, numbers verbatim).
import { JsonArray, JsonBool, JsonKind, JsonNumber, JsonObject, JsonString, JsonValue } from "./value";

const HEX = "0123456789abcdef";

export function quoteJson(s: string): string {
  return quoteJsonWith(s, false);
}

// An object key as written before its value: quoteJson(s) + ":" made as one string (the writer
// emits one per member).
export function quoteJsonKey(s: string): string {
  return quoteJsonWith(s, true);
}

function quoteJsonWith(s: string, colon: bool): string {
  // Nearly every string needs no escape: checked straight on its UTF-16 units, then copied once
  // between the quotes.
  const n = s.length;
  const src = changetype<usize>(s);
  let k = 0;
  while (k < n) {
    const c = load<u16>(src + (<usize>k << 1));
    if (c < 0x20 || c == 0x22 || c == 0x5c) break;
    k++;
  }
  if (k == n) {
    const c: usize = colon ? 1 : 0;
    const out = changetype<string>(__new((<usize>n + 2 + c) << 1, idof<string>()));
    const dst = changetype<usize>(out);
    store<u16>(dst, 0x22);
    memory.copy(dst + 2, src, <usize>n << 1);
    store<u16>(dst + (<usize>(n + 1) << 1), 0x22);
    if (colon) store<u16>(dst + (<usize>(n + 2) << 1), 0x3a);
    return out;
  }
  const parts = new Array<string>();
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    if (i > run) parts.push(s.substring(run, i));
    run = i + 1;
    if (c == 0x22) parts.push("\\\"");
    else if (c == 0x5c) parts.push("\\\\");
    else if (c == 0x0a) parts.push("\\n");
    else if (c == 0x0d) parts.push("\\r");
    else if (c == 0x09) parts.push("\\t");
    else if (c == 0x08) parts.push("\\b");
    else if (c == 0x0c) parts.push("\\f");
    else parts.push("\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 15));
  }
  if (run < s.length) parts.push(s.substring(run));
  return "\"" + parts.join("") + (colon ? "\":" : "\"");
}

export function stringifyJson(v: JsonValue): string {
  switch (v.kind) {
    case JsonKind.Null: return "null";
    case JsonKind.Bool: return (<JsonBool>v).value ? "true" : "false";
    case JsonKind.Number: return (<JsonNumber>v).text;
    case JsonKind.String: return quoteJson((<JsonString>v).value);
    case JsonKind.Array: {
      const a = <JsonArray>v;
      const parts = new Array<string>(a.items.length);
      for (let i = 0; i < a.items.length; i++) parts[i] = stringifyJson(a.items[i]);
      return "[" + parts.join(",") + "]";
    }
    default: {
      const o = <JsonObject>v;
      const parts = new Array<string>(o.members.length);
      for (let i = 0; i < o.members.length; i++) {
        parts[i] = quoteJson(o.members[i].key) + ":" + stringifyJson(o.members[i].value);
      }
      return "{" + parts.join(",") + "}";
    }
  }
}
