// The simulator side of the runtime link (docs/sim-protocol.md): serves one runtime (native
// process, or firmware over a serial chardev) on a Unix stream socket. The runtime forwards each
// TDCALL/VMCALL as a register block; the simulator reads and writes guest memory through it.
import { createServer, Server, Socket } from "node:net";
import { AsyncMemory, runAsync } from "./guest.ts";
import { Simulator } from "./simulator.ts";
import { MSG } from "./gen/sim-link.ts";

// Message types: runtime-c/include/sim_link.h, rendered into ./gen/sim-link.ts.
export { MSG } from "./gen/sim-link.ts";

function frame(type: number, payload: Uint8Array): Buffer {
  const b = Buffer.alloc(5 + payload.length);
  b.writeUInt32LE(1 + payload.length, 0);
  b[4] = type;
  b.set(payload, 5);
  return b;
}

export class LinkConnection {
  private buf = Buffer.alloc(0);
  private memWaiters: Array<(payload: Buffer) => void> = [];
  private chain: Promise<void> = Promise.resolve();
  hello = "";
  onHello: () => void = () => {};
  onClose: () => void = () => {};

  constructor(private sock: Socket, private sim: Simulator) {
    sim.connect({
      notify: (vector) => this.send(MSG.NOTIFY, Uint8Array.of(vector)),
      runDetached: (task) => { void runAsync(task, this.memory).catch(() => {}); },
    });
    sock.on("data", (d) => this.receive(d));
    sock.on("close", () => this.onClose());
    sock.on("error", () => {});
  }

  private send(type: number, payload: Uint8Array): void {
    if (!this.sock.destroyed) this.sock.write(frame(type, payload));
  }

  sendDebug(command: number): void {
    const p = Buffer.alloc(4);
    p.writeUInt32LE(command);
    this.send(MSG.DEBUG, p);
  }

  // Guest memory over the link: requests go out in order and are answered in order.
  private memory: AsyncMemory = {
    read: (gpa, len) => new Promise((resolve) => {
      const p = Buffer.alloc(12);
      p.writeBigUInt64LE(gpa, 0);
      p.writeUInt32LE(len, 8);
      this.memWaiters.push((ans) => resolve(ans.length >= 4 && ans.readUInt32LE(0) === 0 ? new Uint8Array(ans.subarray(4)) : null));
      this.send(MSG.MEM_READ, p);
    }),
    write: (gpa, data) => new Promise((resolve) => {
      const p = Buffer.alloc(8 + data.length);
      p.writeBigUInt64LE(gpa, 0);
      p.set(data, 8);
      this.memWaiters.push((ans) => resolve(ans.length >= 4 && ans.readUInt32LE(0) === 0));
      this.send(MSG.MEM_WRITE, p);
    }),
  };

  private receive(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32LE(0);
      if (this.buf.length < 4 + len) break;
      const type = this.buf[4];
      const payload = this.buf.subarray(5, 4 + len);
      this.buf = this.buf.subarray(4 + len);
      this.dispatch(type, Buffer.from(payload));
    }
  }

  private dispatch(type: number, payload: Buffer): void {
    switch (type) {
      case MSG.HELLO:
        this.hello = payload.subarray(4).toString("utf8");
        this.onHello();
        return;
      case MSG.MEM_DATA:
      case MSG.MEM_ACK:
        this.memWaiters.shift()?.(payload);
        return;
      case MSG.TDCALL:
      case MSG.VMCALL: {
        // Calls are served one at a time, in arrival order.
        this.chain = this.chain.then(async () => {
          const regs = new BigUint64Array(new Uint8Array(payload.subarray(0, 128)).buffer);
          await runAsync(type === MSG.TDCALL ? this.sim.tdcall(regs) : this.sim.vmcall(regs), this.memory);
          this.send(MSG.DONE, new Uint8Array(regs.buffer));
        });
        return;
      }
    }
  }
}

// Listens on `path`; the first runtime that connects is bound to `sim`.
export function listenLink(path: string, sim: Simulator, onConnection: (c: LinkConnection) => void): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((sock) => onConnection(new LinkConnection(sock, sim)));
    server.once("error", reject);
    server.listen(path, () => resolve(server));
  });
}
