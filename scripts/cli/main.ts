// `migtd` dispatcher: finds the longest command name matching the arguments and runs it.
import { EXIT_USAGE, UsageError } from "./command.ts";
import { loadCommands } from "./registry.ts";

export async function main(argv: string[]): Promise<number> {
  const commands = await loadCommands();
  const help = () => {
    const lines = ["usage: migtd <command> [options]   (migtd <command> --help for details)", "", "commands:"];
    for (const c of commands) lines.push(`  ${c.name.padEnd(16)} ${c.summary}`);
    return lines.join("\n");
  };
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    console.log(help());
    return argv.length === 0 ? EXIT_USAGE : 0;
  }
  const match = commands
    .filter((c) => {
      const words = c.name.split(" ");
      return words.every((w, i) => argv[i] === w);
    })
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!match) {
    console.error(`migtd: unknown command '${argv.join(" ")}'\n\n${help()}`);
    return EXIT_USAGE;
  }
  const rest = argv.slice(match.name.split(" ").length);
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(match.usage);
    return 0;
  }
  try {
    return await match.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`migtd ${match.name}: ${e.message}\n\n${match.usage}`);
      return EXIT_USAGE;
    }
    console.error(`migtd ${match.name}: ${(e as Error).message}`);
    return EXIT_USAGE;
  }
}
