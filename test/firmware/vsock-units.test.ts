// The virtio-vsock driver (runtime-c/platform/td/virtio-vsock.c, vsock-conn.c, virtqueue.c)
// compiled for the host (ASan/UBSan) against a fake device (test/firmware/native/vsock_units.c)
// that reads the driver's rings as a device does and plays the host end (CID 2, port 5001).
// QEMU's vhost-vsock-pci needs the host's /dev/vhost-vsock, which these machines do not have, so
// this is where the driver is exercised; each scenario's transcript is the expected outcome.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { OUT, REPO } from "./fixture.ts";

const bin = join(OUT, "vsock_units");
const run = (scenario: string) =>
  execFileSync(bin, [scenario], { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=0" } }).trim().split("\n")
    .filter((l) => !l.startsWith("console "));

beforeAll(() => {
  mkdirSync(OUT, { recursive: true });
  const td = join(REPO, "runtime-c", "platform", "td");
  execFileSync("clang", ["-std=c11", "-O1", "-Wall", "-Wextra", "-Werror", "-fsanitize=address,undefined",
    `-I${td}`, `-I${join(REPO, "runtime-c", "include")}`, `-I${join(REPO, "shim", "gen")}`, `-I${join(REPO, "firmware", "common")}`,
    ...["virtio-vsock", "vsock-conn", "virtqueue"].map((f) => join(td, `${f}.c`)),
    join(REPO, "test", "firmware", "native", "vsock_units.c"), "-o", bin]);
}, 120_000);

const REQUEST = "tx REQUEST 3:40001 -> 2:5001 len 0 buf_alloc 65536 fwd_cnt 0";

describe("virtio-vsock driver against a fake device", () => {
  it("reports no device: CHAN_VSOCK then falls back to virtio-serial (channels.c)", () => {
    expect(run("no-device")).toEqual(["init 0 present 0 open -1"]);
  });

  it("connects from port 40001 with the device's CID, sends within the peer's credit in packets of one page, and reads back", () => {
    expect(run("stream")).toEqual([
      "open -> 0", REQUEST,
      "poll events 4", // RESPONSE: connected
      "send 10000 -> 8192", // the peer's buf_alloc
      "tx RW 3:40001 -> 2:5001 len 4052", "tx RW 3:40001 -> 2:5001 len 4052", "tx RW 3:40001 -> 2:5001 len 88",
      "send 10 -> 0", // no credit until the peer reports progress
      "poll events 4", // CREDIT_UPDATE
      "send 10 -> 10", "tx RW 3:40001 -> 2:5001 len 10",
      "poll events 4", // RW "hello"
      'recv 3 "hel"', 'recv 2 "lo"', "recv 0",
      "poll events 4", // SHUTDOWN(SEND), then data the peer promised not to send
      "recv -3", // end of stream: the late bytes were dropped
      "send 4 -> 4", "tx RW 3:40001 -> 2:5001 len 4", // the peer still receives
      "closed",
      "tx SHUTDOWN 3:40001 -> 2:5001 len 0 flags 3", "tx RST 3:40001 -> 2:5001 len 0",
      "slot open 0",
    ]);
  });

  it("accepts no bytes before the RESPONSE and resets a peer that sends data before it", () => {
    expect(run("before-connect")).toEqual([
      "open -> 0", REQUEST, "send 10 -> 0", "recv 0", "poll events 4", "tx RST 3:40001 -> 2:5001 len 0", "recv -3",
    ]);
  });

  it("reports a refused connection (RST) as closed, keeps the slot until the core closes it, and takes the next local port", () => {
    expect(run("refused")).toEqual([
      "open -> 0", REQUEST, "poll events 4", "send 10 -> -3", "recv -3",
      "open -> 1", "tx REQUEST 3:40002 -> 2:5001 len 0 buf_alloc 65536 fwd_cnt 0", "second 1",
    ]);
  });

  it("answers CREDIT_REQUEST, takes a full 64 KiB window, and advertises consumed bytes once half the buffer was read", () => {
    expect(run("credit")).toEqual([
      "open -> 0", REQUEST, "poll events 4",
      "poll events 0", "tx CREDIT_UPDATE 3:40001 -> 2:5001 len 0 buf_alloc 65536 fwd_cnt 0",
      "poll events 4", "poll events 4",
      "recv 40000", "tx CREDIT_UPDATE 3:40001 -> 2:5001 len 0 buf_alloc 65536 fwd_cnt 40000",
      "recv 100",
    ]);
  });

  it("resets a peer that sends more than the credit it was given, dropping what it sent", () => {
    expect(run("overrun")).toEqual([
      "open -> 0", REQUEST, "poll events 4", "poll events 4", "poll events 4", "poll events 4",
      "tx RST 3:40001 -> 2:5001 len 0", "recv -3",
    ]);
  });

  it("answers a packet for an unknown port with RST (but not an RST), and drops a header claiming more than its buffer", () => {
    expect(run("stray")).toEqual([
      "open -> 0", REQUEST, "poll events 4", "poll events 0", "tx RST 3:40999 -> 2:5001 len 0", "recv 0",
      "open -> 1", "tx REQUEST 3:40002 -> 2:5001 len 0 buf_alloc 65536 fwd_cnt 0", "second slot 1",
    ]);
  });

  it("answers a full SHUTDOWN from the peer with RST and reports the stream closed both ways", () => {
    expect(run("peer-close")).toEqual([
      "open -> 0", REQUEST, "poll events 4", "poll events 4", "tx RST 3:40001 -> 2:5001 len 0", "send 1 -> -3", "recv -3",
    ]);
  });

  it("closes every connection on TRANSPORT_RESET and uses the re-read guest CID afterwards", () => {
    expect(run("transport-reset")).toEqual([
      "open -> 0", REQUEST, "poll events 4", "poll events 4", "recv -3",
      "open -> 0", "tx REQUEST 7:40002 -> 2:5001 len 0 buf_alloc 65536 fwd_cnt 0",
    ]);
  });
});
