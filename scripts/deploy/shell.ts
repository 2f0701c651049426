// Command lines as argv arrays (what is run) and as shell text (what --dry-run prints and
// docs/deploy.md shows): the one rendering, so the printed line is exactly what runs.
export type Argv = string[];

// POSIX single-quoting where needed; plain words stay bare so lines read like the guides'.
export function quote(word: string): string {
  if (word !== "" && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export const shellLine = (argv: Argv): string => argv.map(quote).join(" ");
