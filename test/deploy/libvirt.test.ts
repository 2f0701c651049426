// libvirt domain XML: validated with virt-xml-validate (libvirt's own RelaxNG schema, Debian
// libvirt-clients) where installed, and checked structurally against the QEMU command lines.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migtdDomainXml, userTdDomainXml } from "../../scripts/deploy/libvirt.ts";
import { migtdTdArgs } from "../../scripts/deploy/qemu-td.ts";
import { migtd } from "../cli/run.ts";

// virt-xml-validate (libvirt-clients) runs xmllint (libxml2-utils); both are in mk/deps.mk.
const validator = ["virt-xml-validate", "xmllint"].every((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status === 0);
const dir = mkdtempSync(join(tmpdir(), "migtd-virt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const migtdXml = migtdDomainXml({ name: "migtd-src", image: "/opt/migtd.bin", cid: 18, log: "/var/log/migtd-src.log" });
const hash = "cd".repeat(48);
const userXml = userTdDomainXml({ name: "user-td-src", firmware: "/usr/share/qemu/OVMF.fd", disk: "/img/td.qcow2", memory: "8G", vcpus: 2, migtdHash: hash, migtdAttr: "0x000007f900000001" });

describe("libvirt domain XML", () => {
  it("MigTD: 32 MiB, 1 vCPU, the image as ROM loader (-bios), vsock CID, split irqchip, the same tdx-guest as the QEMU line", () => {
    expect(migtdXml).toContain("<memory unit='MiB'>32</memory>");
    expect(migtdXml).toContain("<vcpu placement='static'>1</vcpu>");
    expect(migtdXml).toContain("<loader type='rom' readonly='yes'>/opt/migtd.bin</loader>");
    expect(migtdXml).toContain("<cid auto='no' address='18'/>");
    expect(migtdXml).toContain("<ioapic driver='qemu'/>");
    const argv = migtdTdArgs({ role: "src", image: "/opt/migtd.bin", runDir: "/r", transport: "vsock" });
    const tdx = argv[argv.findIndex((a) => a.startsWith("tdx-guest,"))];
    expect(migtdXml).toContain(`<qemu:arg value='${tdx}'/>`);
    expect(migtdXml).toContain("<qemu:arg value='memory-backend-memfd-private,id=ram1,size=32M'/>");
  });

  it("user TD: pre-bound to the MigTD by SERVTD_HASH_INFO", () => {
    expect(userXml).toContain(`migtd-hash=${hash},migtd-attr=0x000007f900000001`);
    expect(userXml).toContain("<source file='/img/td.qcow2'/>");
    expect(userXml).toContain("<memory unit='MiB'>8192</memory>");
  });

  it("the CLI prints the same XML; a user TD without a hash is a usage error", () => {
    const r = migtd(["deploy", "libvirt", "--kind", "migtd", "--role", "src", "--image", "/opt/migtd.bin", "--log", "/var/log/migtd-src.log"]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(migtdXml);
    expect(migtd(["deploy", "libvirt", "--kind", "user-td", "--role", "src", "--disk", "d", "--firmware", "f"]).code).toBe(2);
  });

  (validator ? it : it.skip)("virt-xml-validate accepts both domains (libvirt's domain schema, qemu namespace included)", () => {
    for (const [name, xml] of [["migtd.xml", migtdXml], ["user-td.xml", userXml]]) {
      const f = join(dir, name);
      writeFileSync(f, xml);
      const v = spawnSync("virt-xml-validate", [f, "domain"], { encoding: "utf8" });
      expect(v.status, v.stdout + v.stderr).toBe(0);
    }
    // And it is a real check: a domain with an unknown element fails.
    const bad = join(dir, "bad.xml");
    writeFileSync(bad, migtdXml.replace("<on_crash>", "<frobnicate/><on_crash>"));
    expect(spawnSync("virt-xml-validate", [bad, "domain"]).status).not.toBe(0);
  });
});
