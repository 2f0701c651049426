// Extension blocks (RFC 8446 §4.2) and the bodies of the extensions this engine negotiates.
// A block is parsed once into a list; the same type twice is illegal_parameter (§4.2: "There MUST
// NOT be more than one extension of the same type in a given extension block").
import { TlsReader, TlsWriter } from "../codec";
import { TlsErrorCode } from "../errors";
import { Problem } from "../problem";

// Bound on extensions in one block: OpenSSL and rustls send about 15; a block cannot be larger
// than the message anyway.
export const MAX_EXTENSIONS: i32 = 64;

export class Extension {
  constructor(public type: u16, public body: Uint8Array) {}
}

export class ExtensionList {
  items: Extension[] = [];

  find(type: u16): Uint8Array | null {
    for (let i = 0; i < this.items.length; i++) if (this.items[i].type == type) return this.items[i].body;
    return null;
  }

  has(type: u16): bool { return this.find(type) !== null; }

  // Index of the extension of `type`, or -1.
  indexOf(type: u16): i32 {
    for (let i = 0; i < this.items.length; i++) if (this.items[i].type == type) return i;
    return -1;
  }
}

// Reads Extension extensions<0..2^16-1> from r.
export function readExtensions(r: TlsReader, p: Problem): ExtensionList {
  const list = new ExtensionList();
  const v = r.vec16();
  while (!v.failed && !v.atEnd()) {
    const type = <u16>v.u16();
    const body = v.bytes16();
    if (v.failed) break;
    if (list.has(type)) { p.set(TlsErrorCode.IllegalParameter, "duplicate extension " + type.toString()); return list; }
    if (list.items.length >= MAX_EXTENSIONS) { p.set(TlsErrorCode.DecodeError, "too many extensions"); return list; }
    list.items.push(new Extension(type, body));
  }
  if (v.failed) p.set(TlsErrorCode.DecodeError, "malformed extension block");
  return list;
}

export function writeExtension(w: TlsWriter, type: u16, body: Uint8Array): void {
  w.u16(type);
  w.bytes16(body);
}

// A list of uint16 values with a `prefix`-byte length (supported_versions in a ClientHello: 1;
// supported_groups and signature_algorithms: 2). Null when malformed or empty.
export function readU16List(body: Uint8Array, prefix: i32): u16[] | null {
  const r = new TlsReader(body);
  const v = prefix == 1 ? r.vec8() : r.vec16();
  const out = new Array<u16>();
  if (v.remaining % 2 != 0) return null;
  while (!v.failed && !v.atEnd()) out.push(<u16>v.u16());
  if (v.failed || !r.done() || out.length == 0) return null;
  return out;
}

export function u16List(values: u16[], prefix: i32): Uint8Array {
  const w = new TlsWriter(2 + 2 * values.length);
  const t = w.begin(prefix);
  for (let i = 0; i < values.length; i++) w.u16(values[i]);
  w.end(t);
  return w.finish();
}

export function u16Body(v: u16): Uint8Array {
  const out = new Uint8Array(2);
  out[0] = <u8>(v >> 8);
  out[1] = <u8>v;
  return out;
}

// A body that is exactly one uint16 (ServerHello supported_versions, HRR key_share); -1 if not.
export function readU16(body: Uint8Array): i32 {
  if (body.length != 2) return -1;
  return (<i32>body[0] << 8) | <i32>body[1];
}

export function contains(list: u16[], v: u16): bool {
  for (let i = 0; i < list.length; i++) if (list[i] == v) return true;
  return false;
}

export class KeyShareEntry {
  constructor(public group: u16, public key: Uint8Array) {}
}

// KeyShareClientHello: KeyShareEntry client_shares<0..2^16-1> (§4.2.8). Null when malformed.
export function readClientShares(body: Uint8Array): KeyShareEntry[] | null {
  const r = new TlsReader(body);
  const v = r.vec16();
  const out = new Array<KeyShareEntry>();
  while (!v.failed && !v.atEnd()) {
    const g = <u16>v.u16();
    const k = v.bytes16();
    if (v.failed || k.length == 0) return null; // key_exchange<1..2^16-1>
    out.push(new KeyShareEntry(g, k));
  }
  if (v.failed || !r.done()) return null;
  return out;
}

// KeyShareServerHello: a single KeyShareEntry.
export function readServerShare(body: Uint8Array): KeyShareEntry | null {
  const r = new TlsReader(body);
  const g = <u16>r.u16();
  const k = r.bytes16();
  if (!r.done() || k.length == 0) return null;
  return new KeyShareEntry(g, k);
}

export function keyShareEntry(group: u16, key: Uint8Array): Uint8Array {
  const w = new TlsWriter(4 + key.length);
  w.u16(group);
  w.bytes16(key);
  return w.finish();
}

// server_name with one host_name entry (RFC 6066 §3).
export function serverNameBody(name: string): Uint8Array {
  const host = Uint8Array.wrap(String.UTF8.encode(name));
  const w = new TlsWriter(5 + host.length);
  const t = w.begin(2);
  w.u8(0); // host_name
  w.bytes16(host);
  w.end(t);
  return w.finish();
}
