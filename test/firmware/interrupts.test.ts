// The payload's IDT, interrupt entry stubs and page tables, exercised under QEMU without TDX:
// the simulator link sends platform DEBUG commands (runtime-c/platform/td/debug.c) once the core
// serves, and COM1 shows what the firmware did. #VE itself cannot be raised here; its emulation
// is unit-tested on the host (td-units.test.ts).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAYOUT } from "../../scripts/image/gen/layout.ts";
import { intelRootCaDer } from "../../scripts/image/root-ca.ts";
import { Simulator } from "../../scripts/sim/simulator.ts";
import { listenLink } from "../../scripts/sim/link.ts";
import { bootImage } from "./qemu.ts";
import { testImage } from "./fixture.ts";

const FAULT_PAGE = 0x80000001, FAULT_UD = 0x80000002, ROUNDTRIP = 0x80000003, NOTIFY = 0x80000004;

// Boots with the simulator on COM2 and sends `command` as soon as the link says HELLO; the
// firmware handles it at its next TDCALL or wait.
async function bootWithCommand(command: number, until: RegExp): Promise<string> {
  const sim = new Simulator();
  const sock = join(mkdtempSync(join(tmpdir(), "migtd-intr-")), "sim.sock");
  const server = await listenLink(sock, sim, (c) => { c.onHello = () => c.sendDebug(command); });
  try {
    const { path } = testImage("interrupts", Buffer.from("{}"), intelRootCaDer());
    const r = await bootImage({
      image: path, until, timeoutMs: 60_000,
      extraArgs: ["-chardev", `socket,id=sim,path=${sock}`, "-serial", "chardev:sim"],
    });
    return r.serial;
  } finally {
    server.close();
  }
}

const hex = (n: number | bigint) => `0x${n.toString(16).padStart(16, "0")}`;

describe("firmware exceptions and interrupts under QEMU (no TDX)", () => {
  it("reports a page fault above the identity map with its address and the payload's own CR3, then halts", async () => {
    const serial = await bootWithCommand(FAULT_PAGE, /runtime: halted/);
    expect(serial).toMatch(/fatal exception: #PF page fault/);
    expect(serial).toContain(` cr2 ${hex(0x100000000n)}`);
    expect(serial).toContain(` cr3 ${hex(LAYOUT.RAM_PAGE_TABLES_BASE)}`);
    expect(serial).toMatch(/vector 0x000000000000000e error 0x0000000000000000/); // read, not present
  });

  it("reports an invalid opcode with the faulting RIP inside the payload", async () => {
    const serial = await bootWithCommand(FAULT_UD, /runtime: halted/);
    expect(serial).toMatch(/fatal exception: #UD invalid opcode/);
    const rip = BigInt(/ rip (0x[0-9a-f]{16})/.exec(serial)![1]);
    expect(rip >= BigInt(LAYOUT.RAM_PAYLOAD_IMAGE_BASE) && rip < BigInt(LAYOUT.RAM_PAYLOAD_IMAGE_BASE + LAYOUT.RAM_PAYLOAD_IMAGE_SIZE)).toBe(true);
  });

  it("returns from an interrupt through the common stub with every GPR and XMM register intact, and keeps serving", async () => {
    const serial = await bootWithCommand(ROUNDTRIP, /Loop to wait for request[\s\S]*interrupt round trip|interrupt round trip[\s\S]*Loop to wait for request/);
    expect(serial).toContain("runtime: unexpected interrupt ignored");
    expect(serial).toContain("interrupt round trip preserved every register");
  });

  it("latches EV_SERVICE, EV_QUOTE and EV_CHANNEL from vectors 0x50-0x52 (and takes the timer vector) in the tiny stubs", async () => {
    const serial = await bootWithCommand(NOTIFY, /notify vectors latched 0x[0-9a-f]{16}/);
    // high half: after INT 0x50 alone; low half: after INT 0x51, 0x52 and 0x21
    expect(serial).toContain("runtime: debug: notify vectors latched 0x0000000100000006");
  });
});
