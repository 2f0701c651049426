// What every `migtd` sub-command provides. Exit codes (all commands): 0 = accepted / ok,
// 1 = rejected (verification or policy said no), 2 = usage or input error.
export interface Command {
  name: string; // e.g. "quote verify"
  summary: string; // one line for `migtd --help`
  usage: string; // full --help text
  run(args: string[]): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}
