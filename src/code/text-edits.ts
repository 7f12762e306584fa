/**
 * Edits located by the syntax tree and applied to the text, so everything not edited keeps its
 * exact formatting and comments (a reprinting library such as recast moves comments around).
 */
export interface TextEdit {
  /** Offset in the original text. */
  at: number;
  insert: string;
  /** Characters to remove from `at` (default 0). */
  remove?: number;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  // From the end, so earlier offsets stay valid; same offset keeps the order given.
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.at - a.edit.at || b.index - a.index);
  let result = text;
  for (const { edit } of ordered) result = result.slice(0, edit.at) + edit.insert + result.slice(edit.at + (edit.remove ?? 0));
  return result;
}
