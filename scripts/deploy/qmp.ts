// A small QMP client (QEMU Machine Protocol over a Unix socket): greeting, qmp_capabilities, then
// one command at a time; events that arrive meanwhile are kept. Every message sent is recorded,
// so a flow can be shown (--dry-run renders the same messages) and checked.
import { connect, type Socket } from "node:net";

export interface QmpMessage { execute: string; arguments?: Record<string, unknown> }
export class QmpError extends Error {
  constructor(readonly errorClass: string, message: string, readonly command: string) {
    super(`${command}: ${errorClass}: ${message}`);
  }
}

export class QmpClient {
  readonly sent: QmpMessage[] = [];
  readonly events: { event: string; data?: unknown }[] = [];
  greeting: unknown;
  private buf = "";
  private waiting: { resolve: (v: unknown) => void; reject: (e: Error) => void; cmd: string } | undefined;
  private closedError: Error | undefined;

  private constructor(private readonly sock: Socket) {
    sock.setEncoding("utf8");
    sock.on("data", (d: string) => this.onData(d));
    sock.on("error", (e) => this.fail(e));
    sock.on("close", () => this.fail(new Error("QMP connection closed")));
  }

  // Connects (retrying for up to `timeoutMs` while the socket is not there yet) and negotiates.
  static async open(path: string, timeoutMs = 2000): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const sock = await new Promise<Socket>((resolve, reject) => {
          const s = connect(path);
          s.once("connect", () => resolve(s));
          s.once("error", reject);
        });
        const c = new QmpClient(sock);
        c.greeting = await c.next("(greeting)");
        await c.execute("qmp_capabilities");
        return c;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code !== "ENOENT" && code !== "ECONNREFUSED") || Date.now() > deadline) {
          throw new Error(`QMP socket '${path}': ${code === "ENOENT" ? "no such socket (is QEMU running with -qmp?)" : (e as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  async execute<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T> {
    const msg: QmpMessage = args === undefined ? { execute: command } : { execute: command, arguments: args };
    this.sent.push(msg);
    const reply = this.next(command);
    this.sock.write(JSON.stringify(msg) + "\n");
    return (await reply) as T;
  }

  close(): void {
    this.sock.end();
    this.sock.destroy();
  }

  private next(cmd: string): Promise<unknown> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => { this.waiting = { resolve, reject, cmd }; this.drain(); });
  }

  private onData(d: string): void {
    this.buf += d;
    this.drain();
  }

  private drain(): void {
    let nl: number;
    while (this.waiting && (nl = this.buf.indexOf("\n")) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (!line) continue;
      const m = JSON.parse(line) as Record<string, any>;
      if ("event" in m) { this.events.push({ event: m.event, data: m.data }); continue; }
      const w = this.waiting;
      this.waiting = undefined;
      if ("QMP" in m) w.resolve(m.QMP);
      else if ("error" in m) w.reject(new QmpError(m.error.class, m.error.desc, w.cmd));
      else w.resolve(m.return);
    }
  }

  private fail(e: Error): void {
    this.closedError ??= e;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(e);
  }
}
