// "Did you mean …?" for a mistyped value or command. commander suggests options and commands it
// knows; values (`--framework nxt`, `add sleep`) and a first word read as a directory (`lsit`)
// are ours to check, and get the same hint line.

/** Edits (insert, delete, replace, swap two neighbours) turning one word into the other. */
export function editDistance(a: string, b: string): number {
  // table[i][j]: the distance between a's first i letters and b's first j.
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => table[i]![j]!;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, at(i - 2, j - 2) + 1);
      table[i]![j] = distance;
    }
  }
  return at(a.length, b.length);
}

/**
 * The values a mistyped `word` most likely meant: the nearest by edit distance when close enough
 * to be a typo (one edit in a short word, two in a longer one), else those it is a part of or
 * starts with (`sleep` → `durable-sleep`, `fly` → `fly-io`, `nextjs` → `next`).
 */
export function similarValues(word: string, candidates: readonly string[]): string[] {
  const typed = word.trim().toLowerCase();
  if (typed === "") return [];
  const allowed = typed.length <= 4 ? 1 : 2;
  let best = allowed + 1;
  let nearest: string[] = [];
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance > best) continue;
    if (distance < best) nearest = [];
    best = distance;
    nearest.push(candidate);
  }
  if (nearest.length > 0) return nearest;
  if (typed.length < 3) return [];
  return [...new Set(candidates)].filter((candidate) => candidate.includes(typed) || typed.startsWith(candidate));
}

/** The hint line after an error, commander's: `(Did you mean next?)`; empty when nothing is close. */
export function didYouMean(similar: readonly string[]): string {
  if (similar.length === 0) return "";
  return similar.length === 1 ? `\n(Did you mean ${similar[0]}?)` : `\n(Did you mean one of ${similar.join(", ")}?)`;
}

/**
 * Refuses values not among `valid`: `Unknown framework "nxt". Valid values: …` and a hint line
 * for each value something is close to. `candidates` may add aliases to what is suggested.
 */
export function unknownValues(kind: string, values: readonly string[], valid: readonly string[], options: { note?: string; candidates?: readonly string[] } = {}): string {
  const quoted = values.map((value) => `"${value}"`).join(", ");
  const hints = values.flatMap((value) => {
    const similar = similarValues(value, options.candidates ?? valid);
    if (similar.length === 0) return [];
    // Several unknown: each hint says which value it is for.
    return [values.length === 1 ? didYouMean(similar) : didYouMean(similar).replace(/\?\)$/, ` for "${value}"?)`)];
  });
  return `Unknown ${kind}${values.length > 1 ? "s" : ""} ${quoted}. Valid values: ${valid.join(", ")}${options.note ? ` ${options.note}` : ""}.${hints.join("")}`;
}

/**
 * The command a first word was probably meant to be (`lsit` → `list`, `Add` → `add`): one edit
 * away at most, so that a project's name (`app`, `api`, `lists-app`) is still read as one.
 */
export function mistypedCommand(word: string, commands: readonly string[]): string | undefined {
  if (/[\\/.]/.test(word) || commands.includes(word)) return undefined;
  return commands.find((command) => editDistance(word.toLowerCase(), command) <= 1);
}
