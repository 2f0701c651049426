// Connects a Wasm TLS engine to a real socket: bytes from the socket are fed to the engine, the
// engine's output is written to the socket, until a condition holds, the socket closes or time
// runs out. The test plays the pump's role (STYLE.md #2) with a loopback TCP connection.
import type { Socket } from "node:net";
import type { TlsHandle } from "./harness";

export class Bridge {
  private incoming: Buffer[] = [];
  private closed = false;
  private wake: (() => void) | null = null;
  bytesIn = 0;
  bytesOut = 0;

  constructor(readonly h: TlsHandle, readonly sock: Socket) {
    sock.on("data", (d: Buffer) => {
      this.incoming.push(d);
      this.notify();
    });
    const end = () => {
      this.closed = true;
      this.notify();
    };
    sock.on("end", end);
    sock.on("close", end);
    sock.on("error", end);
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    if (w) w();
  }

  private waitData(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  async flush(): Promise<void> {
    const out = await this.h.output();
    if (out.length && !this.sock.destroyed) {
      this.bytesOut += out.length;
      this.sock.write(out);
    }
  }

  // One turn: send what the engine has, feed what arrived, send the answers.
  async step(): Promise<void> {
    await this.flush();
    while (this.incoming.length) {
      const d = this.incoming.shift()!;
      this.bytesIn += d.length;
      await this.h.feed(new Uint8Array(d));
    }
    await this.flush();
  }

  // Runs until cond() is true (returns true), or the socket ends / the timeout passes (false).
  async run(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.step();
      if (await cond()) return true;
      if (this.closed && this.incoming.length === 0) {
        await this.h.eof();
        await this.flush();
        return cond();
      }
      if (Date.now() > deadline) return false;
      await this.waitData(20);
    }
  }
}
