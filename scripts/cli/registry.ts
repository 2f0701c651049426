// Every `migtd` sub-command, one import each (alphabetical).
import type { Command } from "./command.ts";

export async function loadCommands(): Promise<Command[]> {
  const modules = await Promise.all([
    import("./commands/simulate.ts"),
  ]);
  return modules.map((m) => m.command as Command);
}
