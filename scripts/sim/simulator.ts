// The world around one MigTD: its TDX module and its host VMM. A host (Node, native, QEMU)
// connects to it, wiring `hooks` to its own way of touching guest memory and raising interrupts.
import { GuestTask, Regs } from "./guest.ts";
import { TdxModule } from "./tdx-module.ts";
import { Vmm, VmmHooks } from "./vmm.ts";

export class Simulator {
  readonly tdx = new TdxModule();
  readonly vmm = new Vmm();

  connect(hooks: VmmHooks): void {
    this.vmm.hooks = hooks;
  }

  tdcall(regs: Regs): GuestTask<void> {
    return this.tdx.tdcall(regs);
  }

  vmcall(regs: Regs): GuestTask<void> {
    return this.vmm.vmcall(regs);
  }
}
