// A parsed policy as JSON (what `migtd policy check` shows).
import { JsonObjectWriter, jsonArrayOf, jsonStringArray } from "../json/builder";
import { Block, BlockKind, blockKindName, MigPolicy, opName, Property } from "./model";

function propertyJson(p: Property): string {
  return new JsonObjectWriter()
    .str("path", p.path)
    .str("name", p.name)
    .str("operation", opName(p.op))
    .raw("reference", p.ref.json)
    .toString();
}

function propertiesJson(ps: Property[]): string {
  const out = new Array<string>(ps.length);
  for (let i = 0; i < ps.length; i++) out[i] = propertyJson(ps[i]);
  return jsonArrayOf(out);
}

function blockJson(b: Block): string {
  const w = new JsonObjectWriter().str("path", b.path).str("kind", blockKindName(b.kind));
  if (b.kind == BlockKind.Platform) w.str("fmspc", b.fmspc);
  w.raw("properties", propertiesJson(b.props));
  const ev = b.events;
  if (b.kind == BlockKind.MigTd) w.raw("eventLog", ev === null ? "null" : propertiesJson(ev));
  return w.toString();
}

export function policyJson(p: MigPolicy): string {
  const blocks = new Array<string>(p.blocks.length);
  for (let i = 0; i < p.blocks.length; i++) blocks[i] = blockJson(p.blocks[i]);
  return new JsonObjectWriter()
    .str("id", p.id)
    .raw("blocks", jsonArrayOf(blocks))
    .raw("warnings", jsonStringArray(p.warnings))
    .toString();
}
