// Every `migtd` sub-command, one import each (alphabetical).
import type { Command } from "./command.ts";

export async function loadCommands(): Promise<Command[]> {
  const modules = await Promise.all([
    import("./commands/simulate.ts"),
    import("./commands/eventlog.ts"),
    import("./commands/quote-verify.ts"),
    import("./commands/report.ts"),
    import("./commands/policy-check.ts"),
    import("./commands/policy-eval.ts"),
    import("./commands/policy-sign.ts"),
    import("./commands/image.ts"),
    import("./commands/hash.ts"),
    import("./commands/qemu.ts"),
  ]);
  return modules.map((m) => m.command as Command);
}
