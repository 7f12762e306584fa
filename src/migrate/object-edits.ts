import type { Node, ObjectExpression, ObjectPattern } from "@babel/types";
import { endOfLine } from "../code/code-edits.ts";
import type { TextEdit } from "../code/text-edits.ts";

type ObjectLike = ObjectExpression | ObjectPattern;
type Member = ObjectLike["properties"][number];

/** The name of an object member's key, for `name`, `"name"` and `name` shorthand alike. */
export function keyName(member: Node): string | undefined {
  if (member.type !== "ObjectProperty" && member.type !== "ObjectMethod") return undefined;
  if (member.computed) return undefined;
  if (member.key.type === "Identifier") return member.key.name;
  if (member.key.type === "StringLiteral") return member.key.value;
  return undefined;
}

export function findMember(object: ObjectLike, name: string): Member | undefined {
  return object.properties.find((p) => keyName(p) === name);
}

const lineStartOf = (text: string, offset: number) => text.lastIndexOf("\n", offset - 1) + 1;
const indentAt = (text: string, offset: number) => /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))![0];

/**
 * Removes one member with its comma; a member alone on its lines takes its lines with it, so
 * no blank line is left behind.
 */
export function removeMember(text: string, object: ObjectLike, member: Member): TextEdit {
  const index = (object.properties as Member[]).indexOf(member);
  let start = member.start!;
  let end = member.end!;
  const comma = /^\s*,/.exec(text.slice(end));
  if (comma) end += comma[0].length;
  else if (index > 0) start = object.properties[index - 1]!.end!;
  const lineStart = lineStartOf(text, start);
  const lineEnd = endOfLine(text, end);
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*$/.test(text.slice(end, lineEnd)) && lineEnd < text.length) {
    start = lineStart;
    end = lineEnd + 1;
  }
  return { at: start, remove: end - start, insert: "" };
}

/** Appends `code` (a `key: value` member) to an object, one per line when the object is multi-line. */
export function appendMember(text: string, object: ObjectLike, code: string): TextEdit {
  const members = object.properties;
  if (members.length === 0) return { at: object.start! + 1, remove: object.end! - object.start! - 2, insert: ` ${code} ` };
  const last = members.at(-1)!;
  const multiLine = text.slice(object.start!, members[0]!.start!).includes("\n");
  const comma = /^\s*,/.exec(text.slice(last.end!));
  if (!multiLine) return comma ? { at: last.end! + comma[0].length, insert: ` ${code},` } : { at: last.end!, insert: `, ${code}` };
  const indent = indentAt(text, last.start!);
  if (comma) return { at: endOfLine(text, last.end! + comma[0].length), insert: `\n${indent}${code},` };
  return { at: last.end!, insert: `,\n${indent}${code}` };
}
