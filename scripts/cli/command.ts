// What every `migtd` sub-command provides, and the one exit-code rule they all follow.
//
// Exit status (every command):
//   0  accepted / ok: the inputs are well formed and the check passed (or the action was done)
//   1  rejected: the inputs are well formed and the answer is no (signature, chain, TCB status,
//      a policy rule, an RTMR or hash mismatch, a failed run)
//   2  usage or input error: a bad option, an unreadable file, or a file that is not a well-formed
//      instance of what it should be (a truncated quote, invalid JSON, an invalid policy, an event
//      log with trailing bytes)
export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;
export type Exit = 0 | 1 | 2;

export const EXIT_RULE = `exit status (every command):
  0  ok / accepted: well-formed inputs, the check passed (or the action was done)
  1  rejected: well-formed inputs, the answer is no (signature, chain, TCB, policy rule, mismatch)
  2  usage or input error: bad option, unreadable file, or a malformed file (truncated quote,
     invalid JSON or policy, event log with trailing bytes)`;

// Where an error is: the file (as given on the command line) and, when known, the field in it.
export interface ErrorInfo {
  code: string; // a stable name: "UsageError", "InputError", or the core's error name
  message: string;
  file?: string;
  field?: string;
}

// What a command hands back; `result` is what --json puts in the envelope (config/cli-envelope.schema.json).
export interface Outcome {
  exit: Exit;
  result: unknown;
  error?: ErrorInfo;
}

// Text output goes through `out`, which is silent under --json (the envelope is the only output).
export interface Io {
  json: boolean;
  out(...lines: string[]): void;
}

export interface Command {
  name: string; // e.g. "quote verify"; its summary lives in registry.ts
  usage: string; // full --help text
  run(args: string[], io: Io): Promise<Outcome>;
}

// A bad command line.
export class UsageError extends Error {}

// An input that cannot be used: names the file and, when known, the field.
export class InputError extends Error {
  constructor(message: string, readonly file?: string, readonly field?: string) {
    super(message);
  }
}

export const ok = (result: unknown): Outcome => ({ exit: EXIT_OK, result });
export const rejected = (result: unknown, code: string, message: string): Outcome =>
  ({ exit: EXIT_REJECTED, result, error: { code, message } });
export const inputError = (result: unknown, code: string, message: string, file?: string, field?: string): Outcome =>
  ({ exit: EXIT_USAGE, result, error: { code, message, ...(file !== undefined ? { file } : {}), ...(field !== undefined ? { field } : {}) } });
