// libvirt domain XML for a MigTD and for a user TD pre-bound to it. Devices libvirt models itself
// are written as libvirt elements (loader type='rom' is QEMU's -bios, ioapic driver='qemu' is
// kernel_irqchip=split, vsock is vhost-vsock-pci with the guest CID); the TDX pieces older libvirt
// schemas do not know (the tdx-guest object with the MigTD options, the private memory backend,
// confidential-guest-support) go through the qemu:commandline namespace with the same values as
// the QEMU command lines in qemu-td.ts. QMP, pid file and log are libvirt's own then; the QMP
// steps run through `virsh qemu-monitor-command` (flows.ts renders them with --virsh).
import { DEFAULTS } from "./layout.ts";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;");
const args = (list: string[]) => list.map((a) => `    <qemu:arg value='${esc(a)}'/>`).join("\n");

function mib(size: string): number {
  const m = /^(\d+)([MG])$/.exec(size);
  if (!m) throw new Error(`memory size '${size}': expected <n>M or <n>G`);
  return Number(m[1]) * (m[2] === "G" ? 1024 : 1);
}

function domain(o: { name: string; memory: string; vcpus: number; loader: string; devices: string; tdxGuest: string; emulator?: string }): string {
  return `<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>${esc(o.name)}</name>
  <memory unit='MiB'>${mib(o.memory)}</memory>
  <vcpu placement='static'>${o.vcpus}</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
    <loader type='rom' readonly='yes'>${esc(o.loader)}</loader>
  </os>
  <features>
    <acpi/>
    <ioapic driver='qemu'/>
    <pmu state='off'/>
  </features>
  <cpu mode='host-passthrough'>
    <feature policy='disable' name='kvm-steal-time'/>
  </cpu>
  <clock offset='utc'>
    <timer name='hpet' present='no'/>
  </clock>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>${esc(o.emulator ?? `/usr/bin/${DEFAULTS.qemu}`)}</emulator>
${o.devices}
    <memballoon model='none'/>
  </devices>
  <qemu:commandline>
${args(["-object", o.tdxGuest, "-object", `memory-backend-memfd-private,id=ram1,size=${o.memory}`,
    "-machine", "memory-backend=ram1,confidential-guest-support=tdx0,kernel_irqchip=split"])}
  </qemu:commandline>
</domain>
`;
}

export function migtdDomainXml(o: { name: string; image: string; cid: number; log: string; quoteService?: string }): string {
  return domain({
    name: o.name, memory: "32M", vcpus: 1, loader: o.image,
    tdxGuest: `tdx-guest,id=tdx0,sept-ve-disable=off,debug=off,quote-generation-service=${o.quoteService ?? DEFAULTS.quoteService}`,
    devices: `    <serial type='file'>
      <source path='${esc(o.log)}'/>
      <target port='0'/>
    </serial>
    <vsock model='virtio'>
      <cid auto='no' address='${o.cid}'/>
    </vsock>`,
  });
}

export function userTdDomainXml(o: { name: string; firmware: string; disk: string; memory: string; vcpus: number; migtdHash: string; migtdAttr: string }): string {
  return domain({
    name: o.name, memory: o.memory, vcpus: o.vcpus, loader: o.firmware,
    tdxGuest: `tdx-guest,id=tdx0,sept-ve-disable=on,debug=off,migtd-hash=${o.migtdHash},migtd-attr=${o.migtdAttr}`,
    devices: `    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${esc(o.disk)}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <console type='pty'>
      <target type='virtio' port='0'/>
    </console>`,
  });
}
