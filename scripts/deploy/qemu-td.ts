// QEMU command lines for a MigTD TD and a user TD on a TDX host. Option names and values follow
// the QEMU TDX documentation (intel-staging/qemu-tdx docs/system/i386/tdx.rst: tdx-guest object,
// memory-backend-memfd-private, kernel-irqchip=split, -bios), Intel MigTD's
// doc/qemu_kvm_configuration.md and tdx-tools utils/td-migration (mig-td.sh, user-td.sh:
// quote-generation-service, vhost-vsock-pci guest-cid, migtd-pid / migtd-hash + migtd-attr,
// -incoming defer on the destination). Added here: a QMP socket and a pid file for each TD, and a
// log file when QEMU runs in the background.
import { DEFAULTS, paths, type Role } from "./layout.ts";
import type { Argv } from "./shell.ts";

export interface MigtdTdOptions {
  role: Role; image: string; runDir: string;
  transport: "vsock" | "serial";
  cid?: number; // vhost-vsock guest CID (default 18 src, 36 dst)
  quoteService?: string; // tdx-guest quote-generation-service (default vsock:1:4050)
  foreground?: boolean; // serial console on stdio (mon:stdio) instead of a log file + -daemonize
  qemu?: string;
}

// The tdx-guest object, private memory and the TD machine: the part every TD shares.
function tdMachine(memory: string, tdxGuest: string): Argv {
  return [
    "-object", tdxGuest,
    "-object", `memory-backend-memfd-private,id=ram1,size=${memory}`,
    "-machine", "q35,memory-backend=ram1,confidential-guest-support=tdx0,kernel_irqchip=split",
  ];
}

function console_(p: { log: string }, foreground?: boolean): Argv {
  return foreground ? ["-nographic", "-vga", "none", "-serial", "mon:stdio"] : ["-display", "none", "-vga", "none", "-serial", `file:${p.log}`, "-daemonize"];
}

export function migtdTdArgs(o: MigtdTdOptions): Argv {
  const p = paths(o.runDir, "migtd", o.role);
  const name = `migtd-${o.role}`;
  const transport: Argv = o.transport === "vsock"
    ? ["-device", `vhost-vsock-pci,id=vhost-vsock-pci1,guest-cid=${o.cid ?? DEFAULTS.migtdCid[o.role]},disable-legacy=on`]
    // virtio-serial port 1 carries the MigTD-to-MigTD stream (docs/firmware.md); QEMU listens on
    // a Unix socket the relay connects to, so either may start first.
    : ["-device", "virtio-serial-pci,id=vser0,disable-legacy=on",
      "-chardev", `socket,id=migtd-stream,path=${p.serial},server=on,wait=off`,
      "-device", "virtserialport,bus=vser0.0,nr=1,chardev=migtd-stream"];
  return [
    o.qemu ?? DEFAULTS.qemu,
    "-accel", "kvm",
    "-M", "q35",
    "-cpu", "host,host-phys-bits,-kvm-steal-time,pmu=off",
    "-smp", "1,threads=1,sockets=1",
    "-m", "32M",
    ...tdMachine("32M", `tdx-guest,id=tdx0,sept-ve-disable=off,debug=off,quote-generation-service=${o.quoteService ?? DEFAULTS.quoteService}`),
    "-bios", o.image,
    ...transport,
    "-name", `${name},process=${name},debug-threads=on`,
    "-no-hpet", "-nic", "none",
    ...console_(p, o.foreground),
    "-qmp", `unix:${p.qmp},server=on,wait=off`,
    "-pidfile", p.pid,
  ];
}

export type Binding = { pid: number } | { hash: string; attr: string };

export interface UserTdOptions {
  role: Role; runDir: string; firmware: string; disk: string;
  kernel?: string; append?: string;
  cpus: number; memory: string;
  binding: Binding;
  incomingDefer?: boolean; // destination: wait for migrate-incoming (default: role dst)
  foreground?: boolean;
  qemu?: string;
}

export function bindingProps(b: Binding): string {
  return "pid" in b ? `migtd-pid=${b.pid}` : `migtd-hash=${b.hash},migtd-attr=${b.attr}`;
}

export function userTdArgs(o: UserTdOptions): Argv {
  const p = paths(o.runDir, "user-td", o.role);
  const name = `user-td-${o.role}`;
  const kernel: Argv = o.kernel ? ["-kernel", o.kernel, "-append", o.append ?? "root=/dev/vda1 rw console=hvc0"] : [];
  return [
    o.qemu ?? DEFAULTS.qemu,
    "-accel", "kvm",
    "-cpu", "host,pmu=off,-kvm-steal-time,-shstk,tsc-freq=1000000000",
    "-smp", `${o.cpus},threads=1,sockets=1`,
    "-m", o.memory,
    ...tdMachine(o.memory, `tdx-guest,id=tdx0,sept-ve-disable=on,debug=off,${bindingProps(o.binding)}`),
    "-bios", o.firmware,
    "-drive", `file=${o.disk},if=virtio,id=virtio-disk0,format=qcow2`,
    ...kernel,
    "-name", `${name},process=${name},debug-threads=on`,
    "-no-hpet", "-nodefaults",
    ...console_(p, o.foreground),
    "-qmp", `unix:${p.qmp},server=on,wait=off`,
    "-pidfile", p.pid,
    ...(o.incomingDefer ?? o.role === "dst" ? ["-incoming", "defer"] : []),
  ];
}
