// Reading a policy v1 file (spec migtd.md §3.1) the way Intel's MigTD reads it: the bytes must be
// UTF-8; NUL bytes at either end are trimmed (the enrolled file may be padded); the JSON must be
// `{"id": <GUID>, "policy": [<block>, ...]}` (other top-level members are ignored). Any failure is
// InvalidPolicy, reported with the key path it concerns.
import { parseJson } from "../json/parse";
import { isUtf8 } from "../json/utf8";
import { JsonArray, JsonKind, JsonObject, JsonString } from "../json/value";
import { isGuid } from "./guid";
import { lintPolicy } from "./lint";
import { MigPolicy } from "./model";
import { parseBlock } from "./parse_block";
import { ParseCtx, structField, warnUnknownKeys } from "./parse_ctx";

export class PolicyParse {
  policy: MigPolicy | null = null;
  // On failure: the key path (e.g. `policy[3].MigTD.TDINFO.MRTD.operation`, or "" for the document
  // itself), the reason, and the byte offset in the trimmed input (-1 when not applicable).
  errorPath: string = "";
  error: string = "";
  errorPos: i32 = -1;

  get ok(): bool { return this.policy !== null; }

  message(): string {
    const where = this.errorPath.length > 0 ? this.errorPath + ": " : "";
    const at = this.errorPos >= 0 ? " (at byte " + this.errorPos.toString() + ")" : "";
    return where + this.error + at;
  }
}

function failed(path: string, error: string, pos: i32): PolicyParse {
  const r = new PolicyParse();
  r.errorPath = path;
  r.error = error;
  r.errorPos = pos;
  return r;
}

export function trimNuls(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (start < end && bytes[start] == 0) start++;
  while (end > start && bytes[end - 1] == 0) end--;
  return bytes.subarray(start, end);
}

export function parsePolicy(raw: Uint8Array): PolicyParse {
  if (!isUtf8(raw)) return failed("", "policy is not valid UTF-8", -1);
  const bytes = trimNuls(raw);
  const j = parseJson(bytes);
  if (j.error !== null) return failed("", "not valid JSON: " + j.error!.message, j.error!.pos);
  const root = j.value!;
  if (root.kind != JsonKind.Object) return failed("", "expected a JSON object, got " + root.kindName(), root.pos);
  const obj = <JsonObject>root;
  const ctx = new ParseCtx();

  const idv = structField(ctx, obj, "id", "");
  const pv = structField(ctx, obj, "policy", "");
  if (ctx.failed) return failed(ctx.errorPath.substring(1), ctx.error, ctx.errorPos);
  if (idv === null) return failed("id", "missing", obj.pos);
  if (idv.kind != JsonKind.String) return failed("id", "expected a GUID string, got " + idv.kindName(), idv.pos);
  const ids = <JsonString>idv;
  // MigTD borrows the id text from the input, which fails for escaped strings.
  if (ids.escaped || !isGuid(ids.value)) {
    return failed("id", "\"" + ids.value + "\" is not a GUID (XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX)", idv.pos);
  }
  if (pv === null) return failed("policy", "missing", obj.pos);
  if (pv.kind != JsonKind.Array) return failed("policy", "expected an array of blocks, got " + pv.kindName(), pv.pos);
  warnUnknownKeys(ctx, obj, ["id", "policy"], "(top level)");

  const policy = new MigPolicy();
  policy.id = ids.value;
  const items = (<JsonArray>pv).items;
  for (let i = 0; i < items.length; i++) {
    const b = parseBlock(ctx, items[i], i);
    if (b === null) return failed(ctx.errorPath, ctx.error, ctx.errorPos);
    policy.blocks.push(b);
  }
  policy.warnings = ctx.warnings;
  lintPolicy(policy);
  const out = new PolicyParse();
  out.policy = policy;
  return out;
}
