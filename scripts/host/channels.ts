// Byte-stream channels of the Node host (docs/abi.md "Byte-stream channels"), non-blocking like
// runtime-c/platform/linux/channels.c:
//   CHAN_VSOCK  {cid u64, port u32} -> the VsockConnector given to the host (the in-process relay,
//               or Unix sockets `<dir>/<cid>-<port>.sock` via unixVsock); none -> ABI_ERR_UNAVAILABLE
//   CHAN_STREAM "127.0.0.1:<port>" / "localhost:<port>" -> TCP on loopback, otherwise a Unix path
//   CHAN_SERIAL unsupported here.
// Incoming bytes are buffered; EV_CHANNEL is raised (edge-like) when a channel connects, has data
// or closes, and again only after the core has called chan_recv. chan_recv answers ABI_ERR_CLOSED
// once the stream has ended and the buffered bytes are drained.
import { createConnection, Socket } from "node:net";
import { join } from "node:path";
import type { ByteStream, StreamEvents, VsockConnector } from "../sim/relay.ts";
import { ABI, CHAN, EV_CHANNEL } from "./gen/abi.ts";

export { CHAN } from "./gen/abi.ts";
export const CHAN_MAX = 32;
// Bytes a channel queues towards a slow socket before chan_send starts accepting 0.
const SEND_QUEUE_MAX = 1 << 20;

// A stream over a node:net socket (TCP or Unix).
export function socketStream(connect: () => Socket): ByteStream {
  const sock = connect();
  return {
    attach(ev: StreamEvents) {
      let ended = false;
      const end = () => { if (!ended) { ended = true; ev.end(); } };
      sock.on("connect", () => ev.connected());
      sock.on("data", (d: Buffer) => ev.data(new Uint8Array(d)));
      sock.on("end", end);
      sock.on("close", end);
      sock.on("error", end);
    },
    write: (b) => { if (!sock.destroyed) sock.write(b); },
    close: () => sock.destroy(),
    queued: () => sock.writableLength,
  };
}

// CHAN_VSOCK through Unix sockets in `dir`, as the Linux platform does.
export function unixVsock(dir: string): VsockConnector {
  return { connect: (cid, port) => socketStream(() => createConnection(join(dir, `${cid}-${port}.sock`))) };
}

class Channel {
  state: "connecting" | "open" | "closed" = "connecting";
  private chunks: Uint8Array[] = [];
  released = false; // chan_close was called: ignore the stream from now on
  wantRead = true; // report the next data (cleared once reported, set again by chan_recv)
  constructor(readonly stream: ByteStream) {}

  push(b: Uint8Array): void { this.chunks.push(b); }
  get buffered(): number { return this.chunks.reduce((n, c) => n + c.length, 0); }

  take(out: Uint8Array): number {
    let n = 0;
    while (n < out.length && this.chunks.length > 0) {
      const c = this.chunks[0];
      const k = Math.min(c.length, out.length - n);
      out.set(c.subarray(0, k), n);
      n += k;
      if (k === c.length) this.chunks.shift();
      else this.chunks[0] = c.subarray(k);
    }
    return n;
  }
}

export interface ChannelOptions {
  raise(ev: number): void; // the host's event latch
  vsock?: VsockConnector;
}

export class Channels {
  private table = new Map<number, Channel>();

  constructor(private opts: ChannelOptions) {}

  get open(): number { return this.table.size; }

  openChannel(kind: number, addr: Uint8Array): number {
    let stream: ByteStream;
    if (kind === CHAN.VSOCK) {
      if (addr.length !== 12) return ABI.ERR_UNSUPPORTED;
      if (!this.opts.vsock) return ABI.ERR_UNAVAILABLE;
      const v = new DataView(addr.buffer, addr.byteOffset, 12);
      if (this.free() < 0) return ABI.ERR_NO_RESOURCE;
      stream = this.opts.vsock.connect(v.getBigUint64(0, true), v.getUint32(8, true));
    } else if (kind === CHAN.STREAM) {
      if (addr.length === 0 || addr.includes(0)) return ABI.ERR_UNSUPPORTED;
      const text = Buffer.from(addr).toString("utf8");
      const tcp = /^(127\.0\.0\.1|localhost):(\d{1,5})$/.exec(text);
      const port = tcp ? Number(tcp[2]) : 0;
      if (tcp && (port === 0 || port > 65535)) return ABI.ERR_UNSUPPORTED;
      if (!tcp && text.includes(":") && !text.startsWith("/") && !text.startsWith(".")) return ABI.ERR_UNSUPPORTED;
      if (this.free() < 0) return ABI.ERR_NO_RESOURCE;
      stream = socketStream(() => (tcp ? createConnection({ host: "127.0.0.1", port }) : createConnection(text)));
    } else {
      return ABI.ERR_UNSUPPORTED;
    }
    const h = this.free();
    const ch = new Channel(stream);
    this.table.set(h, ch);
    stream.attach({
      connected: () => {
        if (ch.released || ch.state !== "connecting") return;
        ch.state = "open";
        this.opts.raise(EV_CHANNEL);
      },
      data: (b) => {
        if (ch.released) return;
        ch.push(b);
        if (ch.wantRead) {
          ch.wantRead = false;
          this.opts.raise(EV_CHANNEL);
        }
      },
      end: () => {
        if (ch.released || ch.state === "closed") return;
        ch.state = "closed";
        this.opts.raise(EV_CHANNEL);
      },
    });
    return h;
  }

  send(h: number, data: Uint8Array): number {
    const ch = this.table.get(h);
    if (!ch) return ABI.ERR_BAD_HANDLE;
    if (ch.state === "closed") return ABI.ERR_CLOSED;
    if (ch.state === "connecting" || data.length === 0) return 0;
    const queued = ch.stream.queued?.() ?? 0;
    const n = Math.min(data.length, Math.max(0, SEND_QUEUE_MAX - queued));
    if (n > 0) ch.stream.write(data.slice(0, n));
    return n;
  }

  recv(h: number, out: Uint8Array): number {
    const ch = this.table.get(h);
    if (!ch) return ABI.ERR_BAD_HANDLE;
    ch.wantRead = true;
    if (ch.buffered > 0 && out.length > 0) return ch.take(out);
    if (ch.state === "closed") return ABI.ERR_CLOSED;
    return 0;
  }

  close(h: number): void {
    const ch = this.table.get(h);
    if (!ch) return;
    this.table.delete(h);
    ch.released = true;
    ch.state = "closed";
    ch.stream.close();
  }

  closeAll(): void {
    for (const h of [...this.table.keys()]) this.close(h);
  }

  private free(): number {
    for (let h = 0; h < CHAN_MAX; h++) if (!this.table.has(h)) return h;
    return -1;
  }
}

// The channel table of a host, created on first use. A host that wants EV_CHANNEL to wake its
// loop (and a vsock) attaches its own table; otherwise events only set the `pending` latch.
const tables = new WeakMap<object, Channels>();

export function attachChannels(host: object, table: Channels): Channels {
  tables.set(host, table);
  return table;
}

export function channelsOf(host: { pending: number }): Channels {
  return tables.get(host) ?? attachChannels(host, new Channels({ raise: (ev) => { host.pending |= ev; } }));
}
