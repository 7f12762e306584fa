import type { Expression, Node, Statement, TSType, TSTypeElement } from "@babel/types";
import { lineAndColumn, type ParsedFile } from "../code/parse.ts";
import { keyName } from "../code/code-edits.ts";
import { unwrapExpression } from "../code/unwrap.ts";

/** One v3 event of a client's `schemas`, as a v4 `eventType(...)` definition. */
export interface EventDefinition {
  name: string;
  /** The exported constant, e.g. `userSignedUp` for "app/user.signed_up". */
  constName: string;
  /** `staticSchema<...>()` (string literals in it between NUL marks, quoted as the file quotes), the zod schema's code, or undefined for an event without data. */
  schema?: string;
  /** The schema is a runtime validator (zod): `create()` now checks the data it sends. */
  validates: boolean;
  /** Moved, but with something for a person to look at (where, and what). */
  note?: { file: string; line: number; message: string };
}

export type SchemasReading = { ok: true; events: Omit<EventDefinition, "constName">[] } | { ok: false; reason: string };

const slice = (file: ParsedFile, node: Node) => file.text.slice(node.start!, node.end!);

/**
 * Finds what a name of `file` stands for, following its imports into the project's files: the
 * project pass gives one; without it, only the file's own declarations are seen.
 */
export type Lookup = (file: ParsedFile, name: string) => { file: ParsedFile; statement: Statement } | undefined;

/** A declaration at the top level of the file (exported or not). */
export function localDeclaration(file: ParsedFile, name: string): Statement | undefined {
  for (const statement of file.ast.program.body) {
    const declaration: Statement | null | undefined = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if ((declaration?.type === "TSTypeAliasDeclaration" || declaration?.type === "TSInterfaceDeclaration") && declaration.id.name === name) return declaration;
    if (declaration?.type === "VariableDeclaration" && declaration.declarations.some((d) => d.id.type === "Identifier" && d.id.name === name)) return declaration;
  }
  return undefined;
}

const localOnly: Lookup = (file, name) => {
  const statement = localDeclaration(file, name);
  return statement ? { file, statement } : undefined;
};

type Members = { file: ParsedFile; members: TSTypeElement[] };

function membersOf(file: ParsedFile, type: TSType | undefined, lookup: Lookup, depth = 0): Members | undefined {
  if (!type || depth > 5) return undefined;
  if (type.type === "TSTypeLiteral") return { file, members: type.members };
  if (type.type === "TSTypeReference" && type.typeName.type === "Identifier" && !type.typeParameters) {
    const found = lookup(file, type.typeName.name);
    const d = found?.statement;
    if (d?.type === "TSInterfaceDeclaration" && !d.extends?.length) return { file: found!.file, members: d.body.body };
    if (d?.type === "TSTypeAliasDeclaration" && !d.typeParameters) return membersOf(found!.file, d.typeAnnotation, lookup, depth + 1);
  }
  return undefined;
}

/** A string constant's value (`const USER_CREATED = "user/created"`), through imports. */
function constantValue(file: ParsedFile, name: string, lookup: Lookup): string | undefined {
  const d = lookup(file, name)?.statement;
  if (d?.type !== "VariableDeclaration" || d.kind !== "const") return undefined;
  const init = d.declarations.find((v) => v.id.type === "Identifier" && v.id.name === name)?.init;
  const value = init?.type === "TSAsExpression" ? init.expression : init;
  return value?.type === "StringLiteral" ? value.value : undefined;
}

function propertyKey(member: TSTypeElement, file?: ParsedFile, lookup?: Lookup): string | undefined {
  if (member.type !== "TSPropertySignature") return undefined;
  if (member.computed) return member.key.type === "Identifier" && file && lookup ? constantValue(file, member.key.name, lookup) : undefined;
  return member.key.type === "Identifier" ? member.key.name : member.key.type === "StringLiteral" ? member.key.value : undefined;
}

const typeArgument = (call: Node): TSType | undefined => {
  const params = (call as { typeParameters?: { params: TSType[] }; typeArguments?: { params: TSType[] } }).typeParameters ?? (call as { typeArguments?: { params: TSType[] } }).typeArguments;
  return params?.params.length === 1 ? params.params[0] : undefined;
};

/** The `data` member of an event type, unless it says there is none (`data: undefined`, `data?: never`). */
const withData = (member: TSTypeElement | undefined): TSTypeElement | undefined => {
  const type = member?.type === "TSPropertySignature" ? member.typeAnnotation?.typeAnnotation.type : undefined;
  return type === "TSUndefinedKeyword" || type === "TSNeverKeyword" || type === "TSVoidKeyword" ? undefined : member;
};

/** `z.infer<typeof schema>` (or `z.input`, `z.output`): an object type, never an interface. */
const isZodInferred = (type: TSType): boolean =>
  type.type === "TSTypeReference" && type.typeName.type === "TSQualifiedName" && ["infer", "input", "output"].includes(type.typeName.right.name);

/**
 * v4's staticSchema<T>() wants T assignable to Record<string, unknown>, which an interface is not
 * (no index signature). An interface declared in the project is wrapped in Pick<T, keyof T> (the
 * same fields, as an object type); a data type that is not seen to be an object type may be one.
 */
function staticSchemaOf(file: ParsedFile, eventName: string, dataType: string, data: TSTypeElement, lookup: Lookup): { schema: string; note?: EventDefinition["note"] } {
  const plain = { schema: `staticSchema<${dataType}>()` };
  const type = data.type === "TSPropertySignature" ? data.typeAnnotation?.typeAnnotation : undefined;
  if (!type || isObjectType(file, type, lookup)) return plain;
  if (type.type === "TSTypeReference" && type.typeName.type === "Identifier" && !type.typeParameters) {
    const d = lookup(file, type.typeName.name)?.statement;
    if (d?.type === "TSInterfaceDeclaration" && !d.typeParameters) return { schema: `staticSchema<Pick<${dataType}, keyof ${dataType}>>()` };
  }
  const written = slice(file, type);
  return {
    ...plain,
    note: {
      file: file.path,
      line: lineAndColumn(file.text, type.start!).line,
      message: `the data type of "${eventName}" (${written}) is not seen to be an object type: v4's staticSchema<T>() needs T assignable to Record<string, unknown> (an interface is not, nor a type that may be undefined or null). If tsc says so, write it as staticSchema<Pick<T, keyof T>>() for an interface, or exclude undefined/null.`,
    },
  };
}

/** A type seen to be an object type: a literal, a mapped type, z.infer<>, an intersection of them, or an alias of one. */
function isObjectType(file: ParsedFile, type: TSType, lookup: Lookup, depth = 0): boolean {
  if (depth > 5) return false;
  if (type.type === "TSTypeLiteral" || type.type === "TSMappedType" || isZodInferred(type)) return true;
  if (type.type === "TSIntersectionType") return type.types.some((t) => isObjectType(file, t, lookup, depth + 1));
  if (type.type === "TSTypeReference" && type.typeName.type === "Identifier" && ["Record", "Pick", "Omit", "Partial", "Required", "Readonly"].includes(type.typeName.name) && !lookup(file, type.typeName.name)) return true;
  if (type.type === "TSTypeReference" && type.typeName.type === "Identifier") {
    const found = lookup(file, type.typeName.name);
    const d = found?.statement;
    if (d?.type === "TSTypeAliasDeclaration") return isObjectType(found!.file, d.typeAnnotation, lookup, depth + 1);
  }
  return false;
}

/** `fromRecord<Events>()`: each key of a record type declared in this file. */
function fromRecord(file: ParsedFile, type: TSType, lookup: Lookup): SchemasReading {
  const record = membersOf(file, type, lookup);
  if (!record) return { ok: false, reason: "its event record type is not an object type declared in the project" };
  const members = record.members;
  const typeName = type.type === "TSTypeReference" && type.typeName.type === "Identifier" ? type.typeName.name : undefined;
  const events: Omit<EventDefinition, "constName">[] = [];
  for (const member of members) {
    const name = propertyKey(member, record.file, lookup);
    if (!name || member.type !== "TSPropertySignature" || !member.typeAnnotation) return { ok: false, reason: "an event of its record has a name that is not a string constant, or no type" };
    const eventMembers = membersOf(record.file, member.typeAnnotation.typeAnnotation, lookup);
    if (!eventMembers) return { ok: false, reason: `the type of "${name}" is not an object type declared in the project` };
    const data = withData(eventMembers.members.find((m) => propertyKey(m) === "data"));
    if (!data) {
      events.push({ name, validates: false });
      continue;
    }
    // The record's own name, indexed: `Events["app/x"]["data"]` (quotes set by the file's style).
    const dataType = typeName ? `${typeName}[\u0000${name}\u0000][\u0000data\u0000]` : slice(record.file, (data as { typeAnnotation: { typeAnnotation: Node } }).typeAnnotation.typeAnnotation);
    events.push({ name, ...staticSchemaOf(eventMembers.file, name, dataType, data, lookup), validates: false });
  }
  return { ok: true, events };
}

/** `fromUnion<A | B>()`: each member a type with a literal `name`. */
function fromUnion(file: ParsedFile, type: TSType, lookup: Lookup): SchemasReading {
  const members = type.type === "TSUnionType" ? type.types : [type];
  const events: Omit<EventDefinition, "constName">[] = [];
  for (const member of members) {
    const found = membersOf(file, member, lookup);
    const fields = found?.members;
    const nameField = fields?.find((m) => propertyKey(m) === "name");
    const nameType = nameField?.type === "TSPropertySignature" ? nameField.typeAnnotation?.typeAnnotation : undefined;
    if (!fields || nameType?.type !== "TSLiteralType" || nameType.literal.type !== "StringLiteral") {
      return { ok: false, reason: "a member of its union is not an object type with a literal `name` declared in this file" };
    }
    const data = withData(fields.find((m) => propertyKey(m) === "data"));
    const dataType = member.type === "TSTypeReference" ? `${slice(file, member)}["data"]` : data?.type === "TSPropertySignature" && data.typeAnnotation && member.type === "TSTypeLiteral" ? slice(file, data.typeAnnotation.typeAnnotation) : undefined;
    const typed = data && dataType ? staticSchemaOf(found!.file, nameType.literal.value, dataType, data, lookup) : undefined;
    events.push({ name: nameType.literal.value, schema: typed?.schema, note: typed?.note, validates: false });
  }
  return { ok: true, events };
}

/**
 * `fromZod({ "app/x": { data: z.object(...) } })`: each data schema kept as it is. Given a
 * constant instead (`fromZod(events)`, declared here or imported), each event's schema is read
 * from it by name (`events["app/x"].data`), so the constant stays the one place they are written.
 */
function fromZod(file: ParsedFile, argument: Node, lookup: Lookup): SchemasReading {
  let record = argument;
  let recordName: string | undefined;
  if (argument.type === "Identifier") {
    // Followed through imports: the declaration may bear another name; it holds one constant.
    const statement = lookup(file, argument.name)?.statement;
    const declarator = statement?.type === "VariableDeclaration" && statement.kind === "const" && statement.declarations.length === 1 ? statement.declarations[0] : undefined;
    const written = declarator?.id.type === "Identifier" ? declarator.init : undefined;
    const init = written && unwrapExpression(written);
    if (!declarator || !init) return { ok: false, reason: `fromZod(${argument.name}): \`${argument.name}\` is not a constant declared in the project` };
    record = init;
    recordName = argument.name;
  }
  if (record.type === "ArrayExpression" && !recordName) return fromZodList(file, record.elements, lookup);
  if (record.type !== "ObjectExpression") return { ok: false, reason: "fromZod() is given something other than an object literal of events" };
  const events: Omit<EventDefinition, "constName">[] = [];
  for (const property of record.properties) {
    const name = keyName(property);
    if (!name || property.type !== "ObjectProperty" || property.value.type !== "ObjectExpression") {
      return { ok: false, reason: "an event of fromZod() is not `\"name\": { data: schema }`" };
    }
    const data = property.value.properties.find((p) => keyName(p) === "data");
    const others = property.value.properties.filter((p) => p !== data);
    if (others.length > 0 || (data && data.type !== "ObjectProperty")) return { ok: false, reason: `"${name}" in fromZod() has more than a data schema` };
    const schema = !data ? undefined : recordName ? `${recordName}[\u0000${name}\u0000].data` : slice(file, (data as { value: Node }).value);
    events.push({ name, schema, validates: Boolean(data) });
  }
  return { ok: true, events };
}

/**
 * `fromZod([z.object({ name: z.literal("app/x"), data: schema }), ...])`: each event's name from its
 * literal; its data schema kept where it is written, or read from its constant (`x.shape.data`).
 */
function fromZodList(file: ParsedFile, elements: (Node | null)[], lookup: Lookup): SchemasReading {
  const events: Omit<EventDefinition, "constName">[] = [];
  for (const element of elements) {
    let object: Node | null | undefined = element;
    let constant: string | undefined;
    if (element?.type === "Identifier") {
      const statement = lookup(file, element.name)?.statement;
      const declarator = statement?.type === "VariableDeclaration" && statement.kind === "const" && statement.declarations.length === 1 ? statement.declarations[0] : undefined;
      object = declarator?.id.type === "Identifier" ? declarator.init : undefined;
      constant = element.name;
    }
    if (object) object = unwrapExpression(object);
    const fields = object?.type === "CallExpression" && object.callee.type === "MemberExpression" && object.callee.property.type === "Identifier" && object.callee.property.name === "object" && object.arguments.length === 1 && object.arguments[0]!.type === "ObjectExpression" ? object.arguments[0] : undefined;
    const name = fields?.properties.find((p) => keyName(p) === "name");
    const literal = name?.type === "ObjectProperty" && name.value.type === "CallExpression" && name.value.callee.type === "MemberExpression" && name.value.callee.property.type === "Identifier" && name.value.callee.property.name === "literal" ? name.value.arguments[0] : undefined;
    if (!fields || literal?.type !== "StringLiteral") return { ok: false, reason: "an event of fromZod([...]) is not a z.object() with `name: z.literal(\"...\")` declared in the project" };
    const data = fields.properties.find((p) => keyName(p) === "data");
    if (fields.properties.some((p) => p !== name && p !== data) || (data && data.type !== "ObjectProperty")) return { ok: false, reason: `"${literal.value}" in fromZod([...]) has more than a name and a data schema` };
    const schema = !data ? undefined : constant ? `${constant}.shape.data` : slice(file, (data as { value: Node }).value);
    events.push({ name: literal.value, schema, validates: Boolean(data) });
  }
  return { ok: true, events };
}

/**
 * Reads a v3 `new EventSchemas().fromRecord<A>().fromZod(B)...` chain into events, or says why
 * it cannot be moved by hand-free means (imported types, `fromGenerated`, `fromSchema`...).
 */
export function readEventSchemas(file: ParsedFile, expression: Expression, isEventSchemas: (callee: Node) => boolean, lookup: Lookup = localOnly): SchemasReading {
  const calls: { method: string; node: Node & { arguments: Node[] } }[] = [];
  let current: Node = expression;
  while (current.type === "CallExpression" && current.callee.type === "MemberExpression" && current.callee.property.type === "Identifier") {
    calls.unshift({ method: current.callee.property.name, node: current as Node & { arguments: Node[] } });
    current = current.callee.object;
  }
  if (current.type !== "NewExpression" || !isEventSchemas(current.callee)) return { ok: false, reason: "`schemas` is not a `new EventSchemas()...` chain written here" };
  const events: Omit<EventDefinition, "constName">[] = [];
  for (const { method, node } of calls) {
    let reading: SchemasReading;
    const type = typeArgument(node);
    if (method === "fromRecord" && type && node.arguments.length === 0) reading = fromRecord(file, type, lookup);
    else if (method === "fromUnion" && type && node.arguments.length === 0) reading = fromUnion(file, type, lookup);
    else if (method === "fromZod" && node.arguments.length === 1) reading = fromZod(file, node.arguments[0]!, lookup);
    else return { ok: false, reason: `EventSchemas.${method}() has no automatic v4 equivalent here` };
    if (!reading.ok) return reading;
    events.push(...reading.events);
  }
  return { ok: true, events };
}

/** `app/user.signed_up` → `appUserSignedUp`; never a name in `taken`. */
export function constNameFor(eventName: string, taken: Set<string>): string {
  const words = eventName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let name = words.map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1))).join("") || "event";
  if (/^\d/.test(name)) name = `event${name[0]!.toUpperCase()}${name.slice(1)}`;
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = taken.has(`${name}Event`) ? `${name}Event${n}` : `${name}Event`;
  taken.add(candidate);
  return candidate;
}
