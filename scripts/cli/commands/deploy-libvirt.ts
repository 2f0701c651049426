// `migtd deploy libvirt`: libvirt domain XML for a MigTD or a user TD pre-bound to it
// (scripts/deploy/libvirt.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ok, UsageError, type Command } from "../command.ts";
import { parseArgs } from "../args.ts";
import { migtdDomainXml, userTdDomainXml } from "../../deploy/libvirt.ts";
import { DEFAULTS } from "../../deploy/layout.ts";
import { packageRoot } from "../version.ts";
import { attrOpt, intOpt, role, servtdHash } from "./deploy-common.ts";

const usage = `usage: migtd deploy libvirt --kind migtd --role src|dst [--image migtd.bin] [--cid N] [--log FILE] [--name N] [-o FILE]
       migtd deploy libvirt --kind user-td --role src|dst --disk <qcow2> --firmware <OVMF.fd>
                            --migtd-hash <hex>|@<file> [--migtd-attr 0x...] [--cpus N] [--memory <n>G] [--name N] [-o FILE]

Prints (or writes with -o) a libvirt domain for a MigTD (32 MiB, 1 vCPU, -bios migtd.bin as a
ROM loader, vsock CID, console to a log file) or for a user TD pre-bound to a MigTD by its
SERVTD_HASH_INFO. The TDX options go through <qemu:commandline> with the same values as
'migtd deploy migtd' / 'user-td'. Define with 'virsh define FILE'; the QMP steps then run with
'migtd deploy pre-mig --virsh DOMAIN --dry-run'.

exit: 0 written, 2 usage or input error`;

export const command: Command = {
  name: "deploy libvirt",
  usage,
  async run(args, io) {
    const p = parseArgs(args, ["--kind", "--role", "--image", "--cid", "--log", "--name", "-o", "--disk", "--firmware", "--migtd-hash", "--migtd-attr", "--cpus", "--memory"], []);
    if (p.positional.length > 0) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
    const r = role(p.values.get("--role"));
    const kind = p.values.get("--kind");
    let xml: string;
    if (kind === "migtd") {
      xml = migtdDomainXml({
        name: p.values.get("--name") ?? `migtd-${r}`, image: p.values.get("--image") ?? join(packageRoot, "build", "migtd.bin"),
        cid: intOpt(p.values.get("--cid"), "--cid", DEFAULTS.migtdCid[r], 3), log: p.values.get("--log") ?? `/var/log/libvirt/qemu/migtd-${r}.console.log`,
      });
    } else if (kind === "user-td") {
      for (const req of ["--disk", "--firmware", "--migtd-hash"]) if (!p.values.has(req)) throw new UsageError(`${req} is required for --kind user-td`);
      const memory = p.values.get("--memory") ?? "8G";
      if (!/^\d+[MG]$/.test(memory)) throw new UsageError("--memory expects <n>M or <n>G");
      xml = userTdDomainXml({
        name: p.values.get("--name") ?? `user-td-${r}`, firmware: p.values.get("--firmware")!, disk: p.values.get("--disk")!,
        memory, vcpus: intOpt(p.values.get("--cpus"), "--cpus", 2, 1, 1024),
        migtdHash: servtdHash(p.values.get("--migtd-hash")!), migtdAttr: attrOpt(p.values.get("--migtd-attr")),
      });
    } else {
      throw new UsageError("--kind is migtd or user-td");
    }
    const out = p.values.get("-o");
    if (out) writeFileSync(out, xml);
    else io.out(xml.trimEnd());
    return ok({ xml, written: out ?? null });
  },
};
