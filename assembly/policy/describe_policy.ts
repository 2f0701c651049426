// A parsed policy as JSON (what `migtd policy check` shows).
import { JsonWriter } from "../json/writer";
import { Block, BlockKind, blockKindName, MigPolicy, opName, Property } from "./model";

function writeProperties(w: JsonWriter, key: string, ps: Property[]): void {
  w.beginArray(key);
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    w.beginObject()
      .str("path", p.path)
      .str("name", p.name)
      .str("operation", opName(p.op))
      .raw("reference", p.ref.json)
      .endObject();
  }
  w.endArray();
}

function writeBlock(w: JsonWriter, b: Block): void {
  w.beginObject().str("path", b.path).str("kind", blockKindName(b.kind));
  if (b.kind == BlockKind.Platform) w.str("fmspc", b.fmspc);
  writeProperties(w, "properties", b.props);
  const ev = b.events;
  if (b.kind == BlockKind.MigTd) {
    if (ev === null) w.nul("eventLog");
    else writeProperties(w, "eventLog", ev);
  }
  w.endObject();
}

// Writes the policy as the object member `key`.
export function writePolicy(w: JsonWriter, key: string, p: MigPolicy): void {
  w.beginObject(key).str("id", p.id).beginArray("blocks");
  for (let i = 0; i < p.blocks.length; i++) writeBlock(w, p.blocks[i]);
  w.endArray().beginArray("warnings");
  for (let i = 0; i < p.warnings.length; i++) w.itemStr(p.warnings[i]);
  w.endArray().endObject();
}
