// A scripted stand-in for the simulator's socket side (docs/sim-protocol.md), for runtime tests
// only: the test drives the conversation message by message.
import { createServer, type Server, type Socket } from "node:net";

import { MSG } from "../../scripts/sim/gen/sim-link.ts";

export { MSG };

export interface Msg {
  type: number;
  payload: Buffer;
}

export class SimConnection {
  private buf = Buffer.alloc(0);
  private queue: Msg[] = [];
  private waiters: ((m: Msg) => void)[] = [];

  constructor(readonly socket: Socket) {
    socket.on("data", (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readUInt32LE(0)) {
        const len = this.buf.readUInt32LE(0);
        const m = { type: this.buf[4], payload: this.buf.subarray(5, 4 + len) };
        this.buf = this.buf.subarray(4 + len);
        const w = this.waiters.shift();
        if (w) w(m);
        else this.queue.push(m);
      }
    });
  }

  recv(): Promise<Msg> {
    const m = this.queue.shift();
    return m ? Promise.resolve(m) : new Promise((res) => this.waiters.push(res));
  }

  async expect(type: number): Promise<Buffer> {
    const m = await this.recv();
    if (m.type !== type) throw new Error(`expected message 0x${type.toString(16)}, got 0x${m.type.toString(16)}`);
    return m.payload;
  }

  send(type: number, payload: Buffer = Buffer.alloc(0)): void {
    const head = Buffer.alloc(5);
    head.writeUInt32LE(1 + payload.length, 0);
    head[4] = type;
    this.socket.write(Buffer.concat([head, payload]));
  }

  async memRead(gpa: bigint, len: number): Promise<{ status: number; data: Buffer }> {
    const p = Buffer.alloc(12);
    p.writeBigUInt64LE(gpa, 0);
    p.writeUInt32LE(len, 8);
    this.send(MSG.MEM_READ, p);
    const r = await this.expect(MSG.MEM_DATA);
    return { status: r.readUInt32LE(0), data: r.subarray(4) };
  }

  async memWrite(gpa: bigint, data: Buffer): Promise<number> {
    const p = Buffer.alloc(8);
    p.writeBigUInt64LE(gpa, 0);
    this.send(MSG.MEM_WRITE, Buffer.concat([p, data]));
    return (await this.expect(MSG.MEM_ACK)).readUInt32LE(0);
  }

  done(regs: bigint[]): void {
    const p = Buffer.alloc(128);
    regs.forEach((r, i) => p.writeBigUInt64LE(BigInt.asUintN(64, r), i * 8));
    this.send(MSG.DONE, p);
  }
}

export function regsOf(payload: Buffer): bigint[] {
  return Array.from({ length: 16 }, (_, i) => payload.readBigUInt64LE(i * 8));
}

// Listens on `path`; resolves the first connection.
export function listenSim(path: string): { server: Server; connection: Promise<SimConnection> } {
  let accept!: (c: SimConnection) => void;
  const connection = new Promise<SimConnection>((res) => (accept = res));
  const server = createServer((s) => accept(new SimConnection(s)));
  server.listen(path);
  return { server, connection };
}

// An echo peer: answers each chunk upper-cased, then closes after the first exchange.
export function listenEcho(path: string | number): Promise<Server> {
  const server = createServer((s) => s.once("data", (d) => s.end(Buffer.from(d.toString().toUpperCase()))));
  return new Promise((res) => server.listen(path, () => res(server)));
}
