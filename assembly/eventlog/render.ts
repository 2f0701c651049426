// JSON view of a parsed event log for the library API (CLI `migtd eventlog`, tests).
import { JsonWriter } from "../json/writer";
import { CcelLog } from "./ccel";
import { eventTag, policyDigest, rootCaDigest } from "./tags";

export function renderCcel(w: JsonWriter, log: CcelLog): void {
  w.num("headerMrIndex", <f64>log.headerMrIndex);
  w.num("specIdSize", <f64>log.specIdSize);
  w.num("endOffset", <f64>log.endOffset);
  w.beginArray("events");
  for (let i = 0; i < log.events.length; i++) {
    const ev = log.events[i];
    w.beginObject();
    w.num("offset", <f64>ev.offset);
    w.num("mrIndex", <f64>ev.mrIndex);
    w.num("eventType", <f64>ev.eventType);
    w.hex("digest", ev.digest);
    w.num("dataSize", <f64>ev.data.length);
    w.hex("data", ev.data);
    const tag = eventTag(ev);
    if (tag >= 0) w.num("tag", <f64>tag);
    else w.nul("tag");
    w.endObject();
  }
  w.endArray();
  w.beginArray("rtmr");
  for (let i = 0; i < log.rtmr.length; i++) w.itemHex(log.rtmr[i]);
  w.endArray();
  const p = policyDigest(log);
  if (p !== null) w.hex("policyDigest", p);
  else w.nul("policyDigest");
  const r = rootCaDigest(log);
  if (r !== null) w.hex("rootCaDigest", r);
  else w.nul("rootCaDigest");
}
