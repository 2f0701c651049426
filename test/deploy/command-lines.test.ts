// Every generated command line against the reference lines of the TD-migration guides, by
// structure and value: Intel MigTD doc/qemu_kvm_configuration.md (MigTD launch, socat agents,
// qom-set vsockport), tdx-tools utils/td-migration (mig-td.sh, user-td.sh, pre-mig.sh,
// mig-flow.sh) and the QEMU TDX documentation (tdx-guest, memory-backend-memfd-private,
// kernel-irqchip=split, -bios). The references are restated here as option -> value facts.
import { describe, expect, it } from "vitest";
import { migtdTdArgs, userTdArgs } from "../../scripts/deploy/qemu-td.ts";
import { incomingPlan, outgoingPlan, preMigPlan } from "../../scripts/deploy/flows.ts";
import { migtd } from "../cli/run.ts";

const FLAGS = new Set(["-no-hpet", "-nographic", "-daemonize", "-nodefaults"]);

// argv -> [option, value] pairs (flags get value "").
function pairs(argv: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 1; i < argv.length; i++) {
    const o = argv[i];
    expect(o.startsWith("-"), `option expected at ${i}: ${o}`).toBe(true);
    if (FLAGS.has(o)) out.push([o, ""]);
    else out.push([o, argv[++i]]);
  }
  return out;
}
const values = (argv: string[], opt: string) => pairs(argv).filter(([o]) => o === opt).map(([, v]) => v);
// "type,k=v,..." -> {type, props}
function props(v: string): { head: string; props: Map<string, string> } {
  const [head, ...rest] = v.split(",");
  return { head, props: new Map(rest.map((kv) => { const i = kv.indexOf("="); return i < 0 ? [kv, ""] : [kv.slice(0, i), kv.slice(i + 1)]; })) };
}
const objectOf = (argv: string[], type: string) => values(argv, "-object").map(props).find((o) => o.head === type)!;

describe("MigTD TD launch line (reference: MigTD qemu_kvm_configuration.md, tdx-tools mig-td.sh)", () => {
  const ref: [string, string][] = [
    ["-accel", "kvm"], ["-M", "q35"], ["-cpu", "host,host-phys-bits,-kvm-steal-time,pmu=off"],
    ["-smp", "1,threads=1,sockets=1"], ["-m", "32M"], ["-bios", "/opt/migtd.bin"],
    ["-name", "migtd-src,process=migtd-src,debug-threads=on"], ["-no-hpet", ""], ["-nographic", ""], ["-vga", "none"], ["-nic", "none"], ["-serial", "mon:stdio"],
  ];
  for (const role of ["src", "dst"] as const) {
    it(`${role}: every reference option with its value, plus QMP and pid file`, () => {
      const argv = migtdTdArgs({ role, image: "/opt/migtd.bin", runDir: "/run/m", transport: "vsock", foreground: true });
      const got = pairs(argv).map(([o, v]) => `${o} ${v}`);
      for (const [o, v] of ref) expect(got).toContain(`${o} ${v.replace(/migtd-src/g, `migtd-${role}`)}`);
      const tdx = objectOf(argv, "tdx-guest");
      expect(Object.fromEntries(tdx.props)).toEqual({ id: "tdx0", "sept-ve-disable": "off", debug: "off", "quote-generation-service": "vsock:1:4050" });
      expect(Object.fromEntries(objectOf(argv, "memory-backend-memfd-private").props)).toEqual({ id: "ram1", size: "32M" });
      const machine = props(values(argv, "-machine")[0]);
      expect(machine.head).toBe("q35");
      expect(Object.fromEntries(machine.props)).toEqual({ "memory-backend": "ram1", "confidential-guest-support": "tdx0", kernel_irqchip: "split" });
      const vsock = props(values(argv, "-device")[0]);
      expect(vsock.head).toBe("vhost-vsock-pci");
      expect(vsock.props.get("guest-cid")).toBe(role === "src" ? "18" : "36");
      expect(vsock.props.get("disable-legacy")).toBe("on");
      expect(values(argv, "-qmp")).toEqual([`unix:/run/m/migtd-${role}.qmp,server=on,wait=off`]);
      expect(values(argv, "-pidfile")).toEqual([`/run/m/migtd-${role}.pid`]);
    });
  }

  it("background form: log file and -daemonize instead of the console; serial transport: virtio-serial port 1 on a listening socket", () => {
    const argv = migtdTdArgs({ role: "src", image: "m.bin", runDir: "/run/m", transport: "serial" });
    expect(values(argv, "-serial")).toEqual(["file:/run/m/migtd-src.log"]);
    expect(pairs(argv).some(([o]) => o === "-daemonize")).toBe(true);
    expect(pairs(argv).some(([o]) => o === "-nographic")).toBe(false); // QEMU refuses -nographic with -daemonize
    expect(values(argv, "-chardev")).toEqual(["socket,id=migtd-stream,path=/run/m/migtd-src.serial,server=on,wait=off"]);
    expect(values(argv, "-device")).toEqual(["virtio-serial-pci,id=vser0,disable-legacy=on", "virtserialport,bus=vser0.0,nr=1,chardev=migtd-stream"]);
  });

  it("the CLI prints exactly this line", () => {
    const r = migtd(["deploy", "migtd", "--role", "dst", "--image", "/opt/migtd.bin", "--run-dir", "/run/m", "--dry-run", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).result.argv).toEqual(migtdTdArgs({ role: "dst", image: "/opt/migtd.bin", runDir: "/run/m", transport: "vsock" }));
  });
});

describe("user TD launch line (reference: tdx-tools user-td.sh)", () => {
  const base = { runDir: "/run/m", firmware: "/usr/share/qemu/OVMF.fd", disk: "/img/td.qcow2", cpus: 2, memory: "8G" };
  it("bound by MigTD pid (source), pre-bound by SERVTD_HASH_INFO (destination, -incoming defer)", () => {
    const bySrc = userTdArgs({ ...base, role: "src", binding: { pid: 4242 } });
    const tdx = objectOf(bySrc, "tdx-guest");
    expect(Object.fromEntries(tdx.props)).toEqual({ id: "tdx0", "sept-ve-disable": "on", debug: "off", "migtd-pid": "4242" });
    expect(values(bySrc, "-cpu")).toEqual(["host,pmu=off,-kvm-steal-time,-shstk,tsc-freq=1000000000"]);
    expect(values(bySrc, "-smp")).toEqual(["2,threads=1,sockets=1"]);
    expect(values(bySrc, "-m")).toEqual(["8G"]);
    expect(Object.fromEntries(objectOf(bySrc, "memory-backend-memfd-private").props)).toEqual({ id: "ram1", size: "8G" });
    expect(values(bySrc, "-machine")).toEqual(["q35,memory-backend=ram1,confidential-guest-support=tdx0,kernel_irqchip=split"]);
    expect(values(bySrc, "-drive")).toEqual(["file=/img/td.qcow2,if=virtio,id=virtio-disk0,format=qcow2"]);
    expect(values(bySrc, "-bios")).toEqual(["/usr/share/qemu/OVMF.fd"]);
    expect(values(bySrc, "-incoming")).toEqual([]);
    const hash = "ab".repeat(48);
    const byHash = userTdArgs({ ...base, role: "dst", binding: { hash, attr: "0x000007f900000001" } });
    expect(Object.fromEntries(objectOf(byHash, "tdx-guest").props)).toMatchObject({ "migtd-hash": hash, "migtd-attr": "0x000007f900000001" });
    expect(values(byHash, "-incoming")).toEqual(["defer"]);
  });

  it("the CLI reads the pid file, or the hash file 'make image' wrote; a bad hash names the file", () => {
    const r = migtd(["deploy", "user-td", "--role", "src", "--disk", "d.qcow2", "--firmware", "OVMF.fd", "--migtd-pid", "77", "--dry-run"]);
    expect(r.out).toContain("migtd-pid=77");
    const missing = migtd(["deploy", "user-td", "--role", "src", "--disk", "d", "--firmware", "f", "--run-dir", "/nonexistent", "--dry-run"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("/nonexistent/migtd-src.pid");
    const bad = migtd(["deploy", "user-td", "--role", "src", "--disk", "d", "--firmware", "f", "--migtd-hash", "@/nonexistent/h", "--dry-run"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("/nonexistent/h");
  });
});

describe("QMP flows (reference: pre-mig.sh 'qom-set /objects/tdx0/ vsockport 1235|1234', mig-flow.sh)", () => {
  it("pre-migration sets vsockport on the destination user TD, then the source", () => {
    const plan = preMigPlan({ objectId: "tdx0", src: { socket: "s", vsockPort: 1234 }, dst: { socket: "d", vsockPort: 1235 } });
    expect(plan.map((s) => [s.socket, s.messages])).toEqual([
      ["d", [{ execute: "qom-set", arguments: { path: "/objects/tdx0", property: "vsockport", value: 1235 } }]],
      ["s", [{ execute: "qom-set", arguments: { path: "/objects/tdx0", property: "vsockport", value: 1234 } }]],
    ]);
  });

  it("migration: max-bandwidth and migrate tcp:<dest>:6666 on the source; capabilities on both sides per mode", () => {
    expect(outgoingPlan({ socket: "s", mode: "precopy", to: "10.0.0.2:6666", channels: 4, maxBandwidth: 100 * 2 ** 30 }).messages).toEqual([
      { execute: "migrate-set-parameters", arguments: { "max-bandwidth": 100 * 2 ** 30 } },
      { execute: "migrate", arguments: { uri: "tcp:10.0.0.2:6666" } },
    ]);
    expect(incomingPlan({ socket: "d", mode: "postcopy", listen: "0.0.0.0:6666", channels: 4 }).messages).toEqual([
      { execute: "migrate-set-capabilities", arguments: { capabilities: [{ capability: "postcopy-ram", state: true }] } },
      { execute: "migrate-incoming", arguments: { uri: "tcp:0.0.0.0:6666" } },
    ]);
    expect(outgoingPlan({ socket: "s", mode: "multifd", to: "h:1", channels: 8 }).messages.slice(0, 2)).toEqual([
      { execute: "migrate-set-capabilities", arguments: { capabilities: [{ capability: "multifd", state: true }] } },
      { execute: "migrate-set-parameters", arguments: { "multifd-channels": 8 } },
    ]);
  });

  it("usage errors are exit 2", () => {
    expect(migtd(["deploy", "migrate", "--role", "src", "--dry-run"]).code).toBe(2);
    expect(migtd(["deploy", "migrate", "--role", "dst", "--to", "h:1", "--dry-run"]).code).toBe(2);
    expect(migtd(["deploy", "pre-mig", "--qmp", "x", "--dry-run"]).code).toBe(2);
    expect(migtd(["deploy", "migtd", "--dry-run"]).code).toBe(2);
  });
});
