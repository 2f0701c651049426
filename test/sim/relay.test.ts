// The VMM's transport relay: pairs side a's and side b's connections on one port and pipes bytes
// both ways, in-process and over Unix sockets (`<dir>/<cid>-<port>.sock`), with tamper rules.
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ByteStream, Relay } from "../../scripts/sim/relay.ts";
import { until } from "./helpers.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => Buffer.from(b).toString("latin1");

// An in-process connection with what it received.
function inproc(relay: Relay, side: "a" | "b", port = 1234) {
  const s: ByteStream = relay.endpoint(side).connect(2n, port);
  const got = { text: "", connected: false, ended: false };
  s.attach({ connected: () => (got.connected = true), data: (b) => (got.text += dec(b)), end: () => (got.ended = true) });
  return { s, got };
}

// A Unix-socket connection (as the native runtime makes) with what it received.
function unix(path: string) {
  const sock: Socket = createConnection(path);
  const got = { text: "", connected: false, ended: false };
  sock.on("connect", () => (got.connected = true));
  sock.on("data", (d) => (got.text += d.toString("latin1")));
  sock.on("end", () => (got.ended = true));
  sock.on("close", () => (got.ended = true));
  sock.on("error", () => {});
  return { sock, got };
}

let relay: Relay;
const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), "relay-")); dirs.push(d); return d; };
afterEach(async () => {
  await relay?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("in-process", () => {
  it("pairs the two sides on a port and pipes both ways; close reaches the peer", () => {
    relay = new Relay();
    const a = inproc(relay, "a");
    const b = inproc(relay, "b");
    expect(a.got.connected && b.got.connected).toBe(true);
    a.s.write(enc("hello from a"));
    b.s.write(enc("hello from b"));
    expect(b.got.text).toBe("hello from a");
    expect(a.got.text).toBe("hello from b");
    a.s.close();
    expect(b.got.ended).toBe(true);
    expect(a.got.ended).toBe(false);
    b.s.close();
    expect(relay.pairs.length).toBe(0);
    expect(relay.bytes).toEqual({ "a->b": 12, "b->a": 12 });
  });

  it("holds bytes (and a hang-up) until the peer connects", () => {
    relay = new Relay();
    const a = inproc(relay, "a");
    a.s.write(enc("early"));
    a.s.close();
    const b = inproc(relay, "b");
    expect(b.got.text).toBe("early");
    expect(b.got.ended).toBe(true);
  });

  it("keeps ports apart and pairs successive sessions on one port in order", () => {
    relay = new Relay();
    const a1 = inproc(relay, "a", 1);
    const b2 = inproc(relay, "b", 2);
    a1.s.write(enc("x"));
    expect(b2.got.text).toBe("");
    const b1 = inproc(relay, "b", 1);
    expect(b1.got.text).toBe("x");
    a1.s.close(); b1.s.close();
    const a1n = inproc(relay, "a", 1);
    const b1n = inproc(relay, "b", 1);
    a1n.s.write(enc("second"));
    expect(b1n.got.text).toBe("second");
    expect(b1.got.text).toBe("x");
  });
});

describe("tamper rules", () => {
  function pair(t: Relay["tamper"][number]) {
    relay = new Relay();
    relay.tamper = [t];
    return { a: inproc(relay, "a"), b: inproc(relay, "b") };
  }

  it("drop: bytes after N vanish, the connection stays", () => {
    const { a, b } = pair({ direction: "a->b", action: "drop", after: 4 });
    a.s.write(enc("abc"));
    a.s.write(enc("defgh"));
    b.s.write(enc("back"));
    expect(b.got.text).toBe("abcd");
    expect(b.got.ended).toBe(false);
    expect(a.got.text).toBe("back");
  });

  it("truncate: N bytes then end of stream towards the receiver", () => {
    const { a, b } = pair({ direction: "b->a", action: "truncate", after: 3 });
    b.s.write(enc("123456"));
    expect(a.got.text).toBe("123");
    expect(a.got.ended).toBe(true);
    expect(b.got.ended).toBe(false);
  });

  it("alter: flips the byte at offset N", () => {
    const { a, b } = pair({ direction: "a->b", action: "alter", after: 5, xor: 0x20 });
    a.s.write(enc("abc"));
    a.s.write(enc("defgh"));
    expect(b.got.text).toBe("abcdeFgh");
  });

  it("disconnect: N bytes then both sides are cut off", () => {
    const { a, b } = pair({ direction: "a->b", action: "disconnect", after: 2 });
    a.s.write(enc("xyz"));
    b.s.write(enc("late"));
    expect(b.got.text).toBe("xy");
    expect(a.got.text).toBe("");
    expect(a.got.ended && b.got.ended).toBe(true);
  });

  it("a rule limited to another port leaves this one alone", () => {
    const { a, b } = pair({ direction: "a->b", action: "drop", after: 0, port: 99 });
    a.s.write(enc("intact"));
    expect(b.got.text).toBe("intact");
  });
});

describe("Unix sockets", () => {
  it("listens at <dir>/<cid>-<port>.sock for each side and pipes both ways", async () => {
    relay = new Relay();
    const [da, db] = [tmp(), tmp()];
    const pa = await relay.listenUnix("a", da, 2n, 1234);
    const pb = await relay.listenUnix("b", db, 2n, 1234);
    expect(pa).toBe(join(da, "2-1234.sock"));
    const a = unix(pa);
    const b = unix(pb);
    expect(await until(() => a.got.connected && b.got.connected)).toBe(true);
    a.sock.write("ping from a");
    b.sock.write("pong from b");
    expect(await until(() => b.got.text === "ping from a" && a.got.text === "pong from b")).toBe(true);
    a.sock.end();
    expect(await until(() => b.got.ended)).toBe(true);
  });

  it("pairs an in-process side with a Unix-socket side, and tampers there too", async () => {
    relay = new Relay();
    relay.tamper = [{ direction: "b->a", action: "alter", after: 0 }];
    const pb = await relay.listenUnix("b", tmp(), 3n, 50);
    const a = inproc(relay, "a", 50);
    const b = unix(pb);
    expect(await until(() => relay.connections === 2)).toBe(true);
    a.s.write(enc("to native"));
    b.sock.write("to node");
    expect(await until(() => b.got.text === "to native" && a.got.text === "uo node")).toBe(true);
    a.s.close();
    expect(await until(() => b.got.ended)).toBe(true);
  });

  it("disconnect tears the sockets down", async () => {
    relay = new Relay();
    relay.tamper = [{ direction: "a->b", action: "disconnect", after: 1 }];
    const d = tmp();
    const pa = await relay.listenUnix("a", d, 2n, 7);
    const pb = await relay.listenUnix("b", d, 2n, 8);
    expect(pa).not.toBe(pb);
    const b8 = unix(pb);
    const a8 = inproc(relay, "a", 8);
    expect(await until(() => relay.connections === 2)).toBe(true);
    a8.s.write(enc("!!"));
    expect(await until(() => b8.got.ended)).toBe(true);
    expect(b8.got.text).toBe("!");
    expect(a8.got.ended).toBe(true);
  });
});
