// The VMM's transport relay between two MigTDs (what socat does in deployment, migtd.md §1.4,
// §2.2): both MigTDs connect outward to the vsock (cid, port) of their StreamSocketInfo HOB; the
// relay pairs side "a"'s and side "b"'s connections on the same port and pipes bytes both ways,
// unframed. A side connects in-process (the Node host's channels) or through Unix sockets at
// `<dir>/<cid>-<port>.sock` (the native runtime's CHAN_VSOCK, runtime-c/platform/linux/channels.c).
// Data sent before the peer arrives is held; a tamper rule can drop, truncate, alter or cut the
// stream after N bytes in one direction, for negative tests.
import { connect, createServer, Server, Socket } from "node:net";
import { join } from "node:path";
import { rmSync } from "node:fs";

// One end of a byte stream as a channel holds it. `attach` installs the callbacks; `connected`
// fires once the stream is usable (in-process: at once), `end` once, when the peer closed.
export interface StreamEvents {
  connected(): void;
  data(bytes: Uint8Array): void;
  end(): void;
}
export interface ByteStream {
  attach(ev: StreamEvents): void;
  write(bytes: Uint8Array): void;
  close(): void;
  queued?(): number; // bytes accepted but not yet handed to the transport
}
// What a host's CHAN_VSOCK uses to reach the host side of vsock.
export interface VsockConnector {
  connect(cid: bigint, port: number): ByteStream;
}

export type Side = "a" | "b";
export type Direction = "a->b" | "b->a";
export interface Tamper {
  direction: Direction;
  // drop: discard everything after `after` bytes; truncate: deliver `after` bytes then end the
  // receiver's stream; alter: XOR the byte at offset `after` with `xor` (default 0x01);
  // disconnect: deliver `after` bytes then close both connections.
  action: "drop" | "truncate" | "alter" | "disconnect";
  after: number;
  xor?: number;
  port?: number; // only this port (default: all)
}

// A relay-side connection: how bytes reach that MigTD.
interface Conn {
  deliver(bytes: Uint8Array): void;
  finish(): void; // end of stream towards this MigTD
  abort(): void; // the connection is torn down
}

class Pair {
  conns: Partial<Record<Side, Conn>> = {};
  held: Record<Side, Uint8Array[]> = { a: [], b: [] }; // bytes from this side, waiting for the peer
  ended: Record<Side, boolean> = { a: false, b: false }; // this side closed its stream
  sent: Record<Side, number> = { a: 0, b: 0 }; // bytes this side has sent (tamper offsets)
  cut: Record<Side, boolean> = { a: false, b: false }; // the direction from this side is cut
  constructor(readonly port: number) {}
}

const other = (s: Side): Side => (s === "a" ? "b" : "a");

export class Relay {
  tamper: Tamper[] = [];
  readonly pairs: Pair[] = [];
  // Bytes piped, per direction (observable by tests).
  readonly bytes: Record<Direction, number> = { "a->b": 0, "b->a": 0 };
  connections = 0;
  private servers: { server: Server; path: string }[] = [];
  private sockets = new Set<Socket>();
  onChange: () => void = () => {};

  // The in-process vsock of side `side`, for a host's CHAN_VSOCK.
  endpoint(side: Side): VsockConnector {
    return { connect: (_cid, port) => this.inProcess(side, port) };
  }

  // Listens for side `side` on `<dir>/<cid>-<port>.sock`; resolves once listening.
  listenUnix(side: Side, dir: string, cid: bigint, port: number): Promise<string> {
    const path = join(dir, `${cid}-${port}.sock`);
    rmSync(path, { force: true });
    const server = createServer((sock) => this.acceptSocket(side, port, sock));
    this.servers.push({ server, path });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(path, () => resolve(path));
    });
  }

  // Connects side `side` to a stream end that listens (a QEMU guest's virtio-serial chardev with
  // server=on), as socat does for one migration: the connection is that migration's stream, and
  // closing it (the returned function) ends the stream for the guest (the port's PORT_OPEN 0).
  async connectUnix(side: Side, path: string, port: number): Promise<() => Promise<void>> {
    const sock = connect(path);
    await new Promise<void>((resolve, reject) => {
      sock.once("connect", () => resolve());
      sock.once("error", reject);
    });
    this.acceptSocket(side, port, sock);
    return () => new Promise<void>((r) => {
      if (sock.destroyed) return r();
      sock.once("close", () => r());
      sock.destroy();
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map(({ server, path }) => new Promise<void>((r) => server.close(() => {
      rmSync(path, { force: true });
      r();
    }))));
    this.servers = [];
  }

  private inProcess(side: Side, port: number): ByteStream {
    let ev: StreamEvents | null = null;
    let early: Uint8Array[] = [];
    let earlyEnd = false;
    let closed = false;
    const conn: Conn = {
      deliver: (b) => (ev ? ev.data(b) : early.push(b)),
      finish: () => (ev ? ev.end() : (earlyEnd = true)),
      abort: () => conn.finish(),
    };
    const pair = this.join(side, port, conn);
    return {
      attach: (e) => {
        ev = e;
        e.connected();
        for (const b of early) e.data(b);
        early = [];
        if (earlyEnd) e.end();
      },
      write: (b) => { if (!closed) this.forward(pair, side, b); },
      close: () => {
        if (closed) return;
        closed = true;
        this.hangUp(pair, side);
      },
    };
  }

  private acceptSocket(side: Side, port: number, sock: Socket): void {
    this.sockets.add(sock);
    const conn: Conn = {
      deliver: (b) => { if (!sock.destroyed) sock.write(b); },
      finish: () => { if (!sock.destroyed) sock.end(); },
      abort: () => sock.destroy(),
    };
    const pair = this.join(side, port, conn);
    sock.on("data", (d: Buffer) => this.forward(pair, side, new Uint8Array(d)));
    sock.on("end", () => this.hangUp(pair, side));
    sock.on("error", () => {});
    sock.on("close", () => {
      this.sockets.delete(sock);
      this.hangUp(pair, side);
    });
  }

  // The first pair on `port` with this side free, else a new one.
  private join(side: Side, port: number, conn: Conn): Pair {
    this.connections++;
    let pair = this.pairs.find((p) => p.port === port && !p.conns[side] && !p.ended[side]);
    if (!pair) this.pairs.push((pair = new Pair(port)));
    pair.conns[side] = conn;
    const peer = other(side);
    // What the peer sent (and whether it already hung up) reaches this side now.
    for (const b of pair.held[peer]) conn.deliver(b);
    pair.held[peer] = [];
    if (pair.ended[peer]) conn.finish();
    this.onChange();
    return pair;
  }

  private rule(pair: Pair, from: Side): Tamper | undefined {
    const dir: Direction = from === "a" ? "a->b" : "b->a";
    return this.tamper.find((t) => t.direction === dir && (t.port === undefined || t.port === pair.port));
  }

  private forward(pair: Pair, from: Side, input: Uint8Array): void {
    if (pair.cut[from] || pair.ended[from]) return;
    let bytes = input;
    const start = pair.sent[from];
    pair.sent[from] += input.length;
    const t = this.rule(pair, from);
    let after: "end" | "disconnect" | null = null;
    if (t) {
      const keep = Math.max(0, t.after - start);
      if (t.action === "alter") {
        if (keep < bytes.length) {
          bytes = bytes.slice();
          bytes[keep] ^= t.xor ?? 0x01;
        }
      } else if (keep < bytes.length) {
        bytes = bytes.subarray(0, keep);
        pair.cut[from] = true;
        after = t.action === "truncate" ? "end" : t.action === "disconnect" ? "disconnect" : null;
      }
    }
    if (bytes.length > 0) {
      this.bytes[from === "a" ? "a->b" : "b->a"] += bytes.length;
      const to = pair.conns[other(from)];
      if (to) to.deliver(bytes);
      else pair.held[from].push(bytes);
    }
    if (after === "end") this.hangUp(pair, from);
    if (after === "disconnect") {
      // Both connections are torn down. A side that has not connected yet still joins this pair
      // later and finds it closed, as it would find the relay of this migration gone.
      for (const s of ["a", "b"] as Side[]) {
        if (!pair.conns[s]) continue;
        pair.ended[s] = true;
        pair.conns[s]!.abort();
      }
      this.retire(pair);
    }
    this.onChange();
  }

  // `side` closed its stream: its peer sees end of stream (after the bytes already piped).
  private hangUp(pair: Pair, side: Side): void {
    if (pair.ended[side]) return;
    pair.ended[side] = true;
    pair.conns[other(side)]?.finish();
    this.retire(pair);
    this.onChange();
  }

  private retire(pair: Pair): void {
    if (pair.ended.a && pair.ended.b) {
      const i = this.pairs.indexOf(pair);
      if (i >= 0) this.pairs.splice(i, 1);
    }
  }
}
