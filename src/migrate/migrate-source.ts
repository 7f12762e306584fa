import type { CallExpression, Expression, Function as FunctionNode, ImportDeclaration, NewExpression, Node, ObjectExpression, Statement } from "@babel/types";
import { ImportBatch, appendMember, endOfLine, findMember, keyName, lineIndent, lineStartOf, removeMember, topLevelNames } from "../code/code-edits.ts";
import { unwrapExpression } from "../code/unwrap.ts";
import { codeStyle } from "../code/code-edits.ts";
import { lineAndColumn, walk, type ParsedFile } from "../code/parse.ts";
import { applyEdits, type TextEdit } from "../code/text-edits.ts";
import { constNameFor, readEventSchemas, type EventDefinition, type Lookup } from "./event-schemas.ts";

/**
 * The v3 → v4 source transforms of one file, as text edits located by the syntax tree: code not
 * edited stays byte-identical. What cannot be moved safely is left and listed.
 */

export interface LeftInPlace {
  file: string;
  line: number;
  /** What was found and what to do about it. */
  message: string;
}

/** A v3 client (`new Inngest({...})`) found in a file. */
export interface ClientFacts {
  /** Absolute path of its file. */
  file: string;
  /** The top-level constant holding it (`inngest`). */
  binding?: string;
  appId?: string;
  /** Its options are an object literal, where options moved from serve() can go. */
  optionsLiteral: boolean;
  /** Event definitions made from its `schemas`; empty when it had none or they were left. */
  events: EventDefinition[];
  /** How its `schemas` were read. */
  schemas: ClientEvents;
}

/** What a file needs to know about the rest of the project. */
export interface ProjectView {
  /** The client a module-level name of this file stands for, if any (local or imported). */
  clientFor(file: ParsedFile, name: string): ClientFacts | undefined;
  /** The one client of the project when there is only one. */
  soleClient?: ClientFacts;
  /** serve() options moved onto the client in `file`: `key: value` code. */
  movedToClient(clientFile: string): string[];
  /** Clients whose `schemas` constant this file declares: their definitions go here. */
  definitionsIn(file: ParsedFile): ClientFacts[];
  /**
   * How `from` imports the file holding `client`'s definitions, given how it imports the client
   * (`@/inngest/client` → `@/inngest/events`); undefined when that cannot be told for sure.
   */
  definitionsSpecifier(from: ParsedFile, clientSpecifier: string, client: ClientFacts): string | undefined;
}

export interface SourceMigration {
  text: string;
  /** What was changed, one line each, for the report. */
  changes: string[];
  left: LeftInPlace[];
}

const slice = (file: ParsedFile, node: Node) => file.text.slice(node.start!, node.end!);
const isIdentifier = (node: Node | null | undefined, name?: string): boolean => node?.type === "Identifier" && (name === undefined || node.name === name);
/** An event name written as a string, `"app/x"` or `"app/x" as const`. */
const literalName = (node: Node): string | undefined => {
  const inner = node.type === "TSAsExpression" && node.typeAnnotation.type === "TSTypeReference" && isIdentifier(node.typeAnnotation.typeName, "const") ? node.expression : node;
  return inner.type === "StringLiteral" ? inner.value : undefined;
};
const memberName = (node: Node): string | undefined =>
  node.type === "MemberExpression" && !node.computed && node.property.type === "Identifier" ? node.property.name : undefined;

/** Local names bound to `inngest` package imports: `{ EventSchemas: "EventSchemas", ... }`. */
export function inngestImports(file: ParsedFile): Map<string, { declaration: ImportDeclaration; imported: string }> {
  const found = new Map<string, { declaration: ImportDeclaration; imported: string }>();
  for (const statement of file.ast.program.body) {
    if (statement.type !== "ImportDeclaration" || !/^inngest(\/|$)/.test(statement.source.value)) continue;
    for (const s of statement.specifiers) {
      if (s.type === "ImportSpecifier") found.set(s.local.name, { declaration: statement, imported: s.imported.type === "Identifier" ? s.imported.name : s.imported.value });
    }
  }
  return found;
}

/** Finds `new Inngest({...})` at the top level: its binding, options and `schemas`. */
export function findClients(file: ParsedFile): { node: NewExpression; options?: ObjectExpression; binding?: string; statement: Statement }[] {
  const imported = inngestImports(file);
  const isInngest = (callee: Node) => callee.type === "Identifier" && imported.get(callee.name)?.imported === "Inngest" && imported.get(callee.name)!.declaration.source.value === "inngest";
  const clients: ReturnType<typeof findClients> = [];
  for (const statement of file.ast.program.body) {
    walk(statement, (node, parent) => {
      if (node.type !== "NewExpression" || !isInngest(node.callee)) return;
      const options = node.arguments[0]?.type === "ObjectExpression" ? node.arguments[0] : undefined;
      const binding = parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" ? parent.id.name : undefined;
      clients.push({ node, options, binding, statement });
    });
  }
  return clients;
}

/** The client's events read from its `schemas` (or why they cannot be). */
export interface ClientEvents {
  events: EventDefinition[];
  /** The top-level `const schemas = new EventSchemas()...` the option names, when it does. */
  schemasFrom?: Node;
  /**
   * Set when that constant is imported from another project file: the definitions go there,
   * where the types it names are in scope, in its place.
   */
  definedIn?: {
    /** That file. */
    file: ParsedFile;
    /** How the client's file imports it (`./events`). */
    specifier: string;
    /** The name the client's file binds the constant to. */
    local: string;
  };
  /** Why the events could not be read. */
  reason?: string;
}

export function clientEvents(file: ParsedFile, options: ObjectExpression | undefined, lookup?: Lookup): ClientEvents {
  const schemas = options ? findMember(options, "schemas") : undefined;
  if (!schemas || schemas.type !== "ObjectProperty") return { events: [] };
  let home = file;
  let expression = schemas.value as Expression;
  let declaredAt: Node | undefined;
  let definedIn: ClientEvents["definedIn"];
  if (expression.type === "Identifier") {
    const local = expression.name;
    const declaration = topLevelConst(file, local);
    const importedFrom = declaration ? undefined : importOf(file, local);
    const found = importedFrom && lookup ? lookup(file, local) : undefined;
    const there = found && found.file.path !== file.path ? topLevelConst(found.file, found.statement) : undefined;
    if (declaration) {
      declaredAt = declaration.statement;
      expression = declaration.init;
    } else if (found && there && importedFrom) {
      home = found.file;
      declaredAt = there.statement;
      expression = there.init;
      definedIn = { file: found.file, specifier: importedFrom, local };
    }
  }
  const imported = inngestImports(home);
  const isEventSchemas = (callee: Node) => callee.type === "Identifier" && imported.get(callee.name)?.imported === "EventSchemas";
  const reading = readEventSchemas(home, expression, isEventSchemas, lookup);
  if (!reading.ok) return { events: [], reason: reading.reason };
  const taken = topLevelNames(home);
  const events = reading.events.map((e) => ({ ...e, constName: constNameFor(e.name, taken) }));
  return { events, schemasFrom: declaredAt, definedIn };
}

/** The module a top-level import binding `local` comes from (named imports only). */
function importOf(file: ParsedFile, local: string): string | undefined {
  for (const statement of file.ast.program.body) {
    if (statement.type === "ImportDeclaration" && statement.importKind !== "type" && statement.specifiers.some((s) => s.type === "ImportSpecifier" && s.local.name === local)) return statement.source.value;
  }
  return undefined;
}

/** A top-level `const name = init` (alone in its declaration), by name or by its statement. */
function topLevelConst(file: ParsedFile, which: string | Statement): { statement: Statement; init: Expression } | undefined {
  for (const statement of file.ast.program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration" || declaration.declarations.length !== 1) continue;
    const d = declaration.declarations[0]!;
    const wanted = typeof which === "string" ? isIdentifier(d.id, which) : which === statement || which === declaration;
    if (wanted && d.id.type === "Identifier" && d.init) return { statement, init: d.init };
  }
  return undefined;
}

/** Whether a name is used outside imports and outside the ranges about to be removed. */
export function usedOutside(file: ParsedFile, name: string, removed: readonly Node[]): boolean {
  let used = false;
  walk(file.ast.program, (node) => {
    if (used || node.type === "ImportDeclaration" || removed.some((r) => r.start! <= node.start! && node.end! <= r.end!)) return false;
    if (node.type === "Identifier" && node.name === name) used = true;
  });
  return used;
}

/**
 * Whole lines of a statement, with the blank line after it when a blank line (or the file's
 * start) is before it: the blank line that separated it from its neighbours stays single.
 */
function removeStatement(text: string, statement: Node): TextEdit {
  const start = lineStartOf(text, statement.start!);
  let end = endOfLine(text, statement.end!) + 1;
  const blankBefore = start === 0 || text[start - 2] === "\n" || start === 1;
  if (text[end] === "\n" && blankBefore) end++;
  return { at: start, remove: end - start, insert: "" };
}

function removeImportSpecifier(text: string, declaration: ImportDeclaration, local: string): TextEdit {
  const specifiers = declaration.specifiers;
  if (specifiers.length === 1) return removeStatement(text, declaration);
  const index = specifiers.findIndex((s) => s.local.name === local);
  const s = specifiers[index]!;
  const next = specifiers[index + 1];
  if (next && next.type === "ImportSpecifier") return { at: s.start!, remove: next.start! - s.start!, insert: "" };
  const previous = specifiers[index - 1]!;
  return { at: previous.end!, remove: s.end! - previous.end!, insert: "" };
}

/** Exports of inngest 3.54 that inngest 4.24 no longer has (compared from their index.d.ts). */
const removedExports = new Set([
  "AddName", "AssertInternalEventPayloads", "Combine", "EventSchemas", "EventsFromOpts", "GetEvents", "InngestMiddleware", "LiteralZodEventSchema",
  "MiddlewareOptions", "MiddlewareRegisterFn", "MiddlewareRegisterReturn", "NormalizedEventSchemaToPayload", "NormalizedEventSchemas", "WithoutInternal",
  "ZodEventSchemas", "isInngestMiddleware",
]);

/** v3 `serve()` options that v4 reads from the client. */
const movedServeOptions = ["signingKey", "signingKeyFallback", "baseUrl", "fetch"];

/** A value that means the same in the client's file: a literal or an environment variable. */
function isPortable(node: Node): boolean {
  if (node.type === "StringLiteral" || node.type === "NumericLiteral" || node.type === "BooleanLiteral") return true;
  if (node.type === "LogicalExpression") return isPortable(node.left) && isPortable(node.right);
  let current: Node = node;
  while (current.type === "MemberExpression" || current.type === "OptionalMemberExpression") current = current.object;
  return (current.type === "Identifier" && current.name === "process" && node !== current) || (current.type === "MetaProperty" && node !== current);
}

/** serve() options to move (found by the project pass, applied to the client's file). */
export function servesIn(file: ParsedFile): { call: CallExpression; options: ObjectExpression; client?: string }[] {
  const imported = inngestImports(file);
  const found: ReturnType<typeof servesIn> = [];
  walk(file.ast.program, (node) => {
    if (node.type !== "CallExpression" || node.callee.type !== "Identifier") return;
    const source = imported.get(node.callee.name);
    if (source?.imported !== "serve" || node.arguments[0]?.type !== "ObjectExpression") return;
    const options = node.arguments[0];
    const client = findMember(options, "client");
    const clientName = client?.type === "ObjectProperty" && client.value.type === "Identifier" ? client.value.name : undefined;
    found.push({ call: node, options, client: clientName });
  });
  return found;
}

/** The serve() options of a file that can move to the client, as `key: value` code. */
export function portableServeOptions(file: ParsedFile, options: ObjectExpression): { name: string; code: string }[] {
  return movedServeOptions.flatMap((name) => {
    const member = findMember(options, name);
    return member?.type === "ObjectProperty" && isPortable(member.value) ? [{ name, code: `${name}: ${slice(file, member.value)}` }] : [];
  });
}

/** The handler (last argument) of each `x.createFunction(...)` call. */
function isCreateFunction(node: Node): node is CallExpression {
  return node.type === "CallExpression" && memberName(node.callee) === "createFunction";
}

export function migrateSource(file: ParsedFile, absolutePath: string, project: ProjectView): SourceMigration {
  const text = file.text;
  const edits: TextEdit[] = [];
  const changes: string[] = [];
  const left: LeftInPlace[] = [];
  const lineOf = (node: Node) => lineAndColumn(text, node.start!).line;
  const leave = (node: Node, message: string) => left.push({ file: file.path, line: lineOf(node), message });
  const change = (node: Node, message: string) => changes.push(`${file.path}:${lineOf(node)}: ${message}`);
  const style = codeStyle(file);
  const q = (s: string) => (style.quote === "'" ? `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : JSON.stringify(s));
  const newImports = new ImportBatch(file);
  const imported = inngestImports(file);

  // Event definitions this file may use, by event name: those of the client it calls.
  const eventsUsable = new Map<string, { def: EventDefinition; local: string; client: ClientFacts }>();
  const eventsImported = new Set<string>();
  const taken = topLevelNames(file);
  const useEvent = (client: ClientFacts | undefined, name: string): string | undefined => {
    if (!client) return undefined;
    const def = client.events.find((e) => e.name === name);
    if (!def) return undefined;
    const definedIn = client.schemas.definedIn;
    if (definedIn ? definedIn.file.path === file.path : client.file === absolutePath) return def.constName;
    const known = eventsUsable.get(name);
    if (known) return known.local;
    // A name this file already binds (a function named like its event): imported under another.
    let local = def.constName;
    for (let n = 2; taken.has(local); n++) local = `${def.constName}Event${n === 2 ? "" : n}`;
    if (definedIn) {
      // Imported from the file holding the definitions, by a path this file can use.
      const clientImport = client.file === absolutePath ? undefined : importOfClient(client)?.source.value;
      const from = client.file === absolutePath ? definedIn.specifier : clientImport && project.definitionsSpecifier(file, clientImport, client);
      if (!from) return undefined;
      const added = newImports.add({ from, name: def.constName, local });
      taken.add(added);
      eventsUsable.set(name, { def, local: added, client });
      return added;
    }
    // Joins this file's import of the client module.
    if (!importOfClient(client)) return undefined;
    taken.add(local);
    eventsUsable.set(name, { def, local, client });
    eventsImported.add(local);
    return local;
  };
  const importOfClient = (client: ClientFacts): ImportDeclaration | undefined =>
    file.ast.program.body.find(
      (s): s is ImportDeclaration =>
        s.type === "ImportDeclaration" && s.importKind !== "type" && s.specifiers.some((sp) => sp.type === "ImportSpecifier" && project.clientFor(file, sp.local.name) === client),
    );
  const clientOfCall = (callee: Node): ClientFacts | undefined => {
    const object = callee.type === "MemberExpression" ? callee.object : undefined;
    return object?.type === "Identifier" ? project.clientFor(file, object.name) : undefined;
  };

  const removedSchemas: Node[] = [];
  let schemasLeft = false;
  // --- The client: schemas to eventType definitions, logLevel, options moved from serve().
  for (const client of findClients(file)) {
    const facts = client.binding ? project.clientFor(file, client.binding) : undefined;
    const options = client.options;
    if (!options) continue;
    const schemas = findMember(options, "schemas");
    if (schemas) {
      const read = facts?.schemas ?? clientEvents(file, options);
      if (read.reason) schemasLeft = true;
      if (read.reason) leave(schemas, `client option \`schemas\` left: ${read.reason}. Define each event with eventType("name", { schema }) and remove \`schemas\`.`);
      else if (facts && read.definedIn) {
        // The definitions are written where the constant was (see definitionsIn below).
        edits.push(removeMember(text, options, schemas));
        const binding = [...file.ast.program.body].find((st): st is ImportDeclaration => st.type === "ImportDeclaration" && st.source.value === read.definedIn!.specifier && st.specifiers.some((sp) => sp.local.name === read.definedIn!.local));
        if (binding && !usedOutside(file, read.definedIn.local, [schemas])) edits.push(removeImportSpecifier(text, binding, read.definedIn.local));
        change(schemas, `\`schemas\` → ${facts.events.length} eventType() definition(s) in ${read.definedIn.file.path}, where \`${read.definedIn.local}\` was: ${facts.events.map((e) => e.constName).join(", ")}`);
      } else if (facts) {
        edits.push(removeMember(text, options, schemas));
        removedSchemas.push(schemas);
        if (read.schemasFrom && !usedOutside(file, (schemas as { value: { name: string } }).value.name, [schemas, read.schemasFrom])) {
          edits.push(removeStatement(text, read.schemasFrom));
          removedSchemas.push(read.schemasFrom);
        }
        edits.push({ at: endOfLine(text, client.statement.end!), insert: `\n\n${definitionsCode(facts).join("\n")}` });
        change(schemas, `\`schemas\` → ${facts.events.length} eventType() definition(s): ${facts.events.map((e) => e.constName).join(", ")}`);
      }
    }
    const logLevel = findMember(options, "logLevel");
    if (logLevel?.type === "ObjectProperty") {
      if (findMember(options, "logger")) leave(logLevel, "client option `logLevel` was removed in v4 and a `logger` is set: give that logger its level, then remove `logLevel`.");
      else {
        const ConsoleLogger = newImports.add({ from: "inngest", name: "ConsoleLogger" });
        edits.push({ at: logLevel.start!, remove: logLevel.end! - logLevel.start!, insert: `logger: new ${ConsoleLogger}({ level: ${slice(file, logLevel.value)} })` });
        change(logLevel, "client `logLevel` → `logger: new ConsoleLogger({ level })`");
      }
    }
    if (facts) {
      for (const code of project.movedToClient(absolutePath)) {
        const name = code.slice(0, code.indexOf(":"));
        if (findMember(options, name)) continue;
        edits.push(appendMember(text, options, code));
        change(options, `\`${name}\` moved here from serve()`);
      }
    }
  }
  // A `schemas` constant declared here for a client elsewhere: its definitions take its place.
  for (const facts of project.definitionsIn(file)) {
    const statement = facts.schemas.schemasFrom!;
    const removal = removeStatement(text, statement);
    const removedBlank = text.slice(removal.at, removal.at + removal.remove!).endsWith("\n\n");
    edits.push({ ...removal, insert: `${definitionsCode(facts).join("\n")}\n${removedBlank ? "\n" : ""}` });
    removedSchemas.push(statement);
    change(statement, `EventSchemas → ${facts.events.length} eventType() definition(s) for the client in ${facts.file === absolutePath ? "this file" : "its file"}: ${facts.events.map((e) => e.constName).join(", ")}`);
  }

  /** `export const x = eventType("x", { schema })` lines of a client's events, imports added. */
  function definitionsCode(facts: ClientFacts): string[] {
    const eventType = newImports.add({ from: "inngest", name: "eventType" });
    const staticSchema = facts.events.some((e) => e.schema?.startsWith("staticSchema<")) ? newImports.add({ from: "inngest", name: "staticSchema" }) : "staticSchema";
    const semi = style.semicolon ? ";" : "";
    for (const e of facts.events) if (e.note) left.push(e.note);
    return facts.events.map((e) => {
      const schema = e.schema?.replace(/^staticSchema</, `${staticSchema}<`).replace(/\u0000([^\u0000]*)\u0000/g, (_all, literal: string) => q(literal));
      return `export const ${e.constName} = ${eventType}(${q(e.name)}${schema ? `, { schema: ${schema} }` : ""})${semi}`;
    });
  }

  if (removedSchemas.length > 0) {
    for (const [local, { declaration, imported: name }] of imported) {
      if (name !== "EventSchemas" || usedOutside(file, local, removedSchemas)) continue;
      // Alone in its import, which eventType() may then take over.
      if (declaration.specifiers.length === 1) newImports.dropSole(declaration);
      else edits.push(removeImportSpecifier(text, declaration, local));
    }
  }

  // --- serve(): options v4 reads from the client.
  for (const serve of servesIn(file)) {
    const client = serve.client ? project.clientFor(file, serve.client) : undefined;
    const portable = new Set(client ? portableServeOptions(file, serve.options).map((o) => o.name) : []);
    for (const name of movedServeOptions) {
      const member = findMember(serve.options, name);
      if (!member) continue;
      if (portable.has(name) && client?.optionsLiteral) {
        edits.push(removeMember(text, serve.options, member));
        change(member, `serve() option \`${name}\` moved to the client (${client.file === absolutePath ? "this file" : "its file"})`);
      } else leave(member, `serve() option \`${name}\` belongs on the client in v4: move it to new Inngest({ ${name} }) (its value is not a literal or environment variable, or the client was not found).`);
    }
    const serveHost = findMember(serve.options, "serveHost");
    if (serveHost?.type === "ObjectProperty" && !serveHost.computed) {
      edits.push({ at: serveHost.key.start!, remove: serveHost.key.end! - serveHost.key.start!, insert: serveHost.shorthand ? "serveOrigin: serveHost" : "serveOrigin" });
      change(serveHost, "serve() option `serveHost` → `serveOrigin`");
    }
    const logLevel = findMember(serve.options, "logLevel");
    if (logLevel) leave(logLevel, "serve() option `logLevel` was removed in v4: set `logger: new ConsoleLogger({ level })` on the client, then remove it.");
    const streaming = findMember(serve.options, "streaming");
    if (streaming?.type === "ObjectProperty" && streaming.value.type === "StringLiteral") {
      if (streaming.value.value === "force") {
        edits.push({ at: streaming.value.start!, remove: streaming.value.end! - streaming.value.start!, insert: "true" });
        change(streaming, 'serve() `streaming: "force"` → `streaming: true`');
      } else leave(streaming, `serve() \`streaming: "${streaming.value.value}"\` has no v4 equivalent: v4 takes true or false.`);
    }
  }

  // --- Functions, steps and sends.
  walk(file.ast.program, (node) => {
    noteUserField(node);
    if (isCreateFunction(node)) migrateCreateFunction(node);
    if (node.type === "CallExpression") {
      migrateSend(node);
      migrateInvoke(node);
      migrateWaitForEvent(node);
      migrateRace(node);
    }
  });

  function migrateCreateFunction(call: CallExpression): void {
    const [options, trigger, handler] = call.arguments;
    const client = clientOfCall(call.callee);
    if (options?.type === "ObjectExpression") migrateCancelOn(options, client);
    if (call.arguments.length !== 3 || !options || !trigger || !handler || options.type === "SpreadElement" || trigger.type === "SpreadElement") return;
    const triggerCode = (t: Node): string => {
      if (t.type === "ObjectExpression" && t.properties.length === 1) {
        const event = findMember(t, "event");
        const name = event?.type === "ObjectProperty" ? literalName(event.value) : undefined;
        if (name !== undefined) {
          const local = useEvent(client, name);
          if (local) return local;
        }
      }
      return slice(file, t);
    };
    const triggers = trigger.type === "ArrayExpression" ? `[${trigger.elements.map((e) => (e ? triggerCode(e) : "")).join(", ")}]` : `[${triggerCode(trigger)}]`;
    const keepArray = trigger.type === "ArrayExpression" && trigger.elements.every((e) => e && triggerCode(e) === slice(file, e));
    // A trigger given by reference may hold one trigger or a list: v4's `triggers` takes either.
    const byReference = trigger.type !== "ObjectExpression" && trigger.type !== "ArrayExpression";
    const value = keepArray || byReference ? slice(file, trigger) : triggers;
    // Comments between the options and the trigger (what the trigger is for) are kept: above the
    // new `triggers` member of a multi-line options object, else where they are.
    const comments = (file.ast.comments ?? []).filter((c) => c.start! >= options.end! && c.end! <= trigger.start!);
    const multiLine = options.type === "ObjectExpression" && options.properties.length > 0 && text.slice(options.start!, options.properties[0]!.start!).includes("\n");
    const commentsStay = comments.length > 0 && !multiLine;
    edits.push(commentsStay ? removeArgument(trigger) : { at: options.end!, remove: trigger.end! - options.end!, insert: "" });
    if (options.type === "ObjectExpression") {
      if (findMember(options, "triggers")) {
        leave(options, "createFunction() has both a trigger argument and `triggers`: merge them by hand.");
        edits.pop();
        return;
      }
      const indent = multiLine ? lineIndent(text, options.properties.at(-1)!.start!) : "";
      const lead = commentsStay ? "" : comments.map((c) => `${text.slice(c.start!, c.end!)}\n${indent}`).join("");
      edits.push(appendMember(text, options, `${lead}triggers: ${value}`));
    } else edits.push({ at: options.start!, remove: options.end! - options.start!, insert: `{ ...${slice(file, options)}, triggers: ${value} }` });
    change(call, "createFunction(options, trigger, handler) → createFunction({ ...options, triggers }, handler)");
  }

  /** Removes an argument with its comma, and its line when it had the line to itself. */
  function removeArgument(argument: Node): TextEdit {
    let from = argument.start!;
    let to = argument.end!;
    to += /^[ \t]*,/.exec(text.slice(to))?.[0].length ?? 0;
    const lineStart = lineStartOf(text, from);
    const restOfLine = /^[ \t]*\r?\n/.exec(text.slice(to));
    if (restOfLine && /^[ \t]*$/.test(text.slice(lineStart, from))) {
      from = lineStart;
      to += restOfLine[0].length;
    } else to += /^[ \t]*/.exec(text.slice(to))![0].length;
    return { at: from, remove: to - from, insert: "" };
  }

  /** `event: "app/x"` → `event: appX` where the definition is known (cancelOn, waitForEvent take them). */
  function useDefinitionFor(object: ObjectExpression, client: ClientFacts | undefined): void {
    const event = findMember(object, "event");
    const name = event?.type === "ObjectProperty" && !event.shorthand ? literalName(event.value) : undefined;
    if (event?.type !== "ObjectProperty" || name === undefined) return;
    const local = useEvent(client, name);
    if (!local) return;
    edits.push({ at: event.value.start!, remove: event.value.end! - event.value.start!, insert: local });
    change(event, `event "${name}" → ${local}`);
  }

  function migrateCancelOn(options: ObjectExpression, client: ClientFacts | undefined): void {
    const cancelOn = findMember(options, "cancelOn");
    if (cancelOn?.type !== "ObjectProperty") return;
    const entries = cancelOn.value.type === "ArrayExpression" ? cancelOn.value.elements : [cancelOn.value];
    for (const entry of entries) {
      if (entry?.type !== "ObjectExpression") continue;
      useDefinitionFor(entry, client);
      const match = findMember(entry, "match");
      if (match?.type !== "ObjectProperty") continue;
      if (match.value.type !== "StringLiteral" || findMember(entry, "if")) {
        leave(match, "cancelOn `match` is deprecated in v4: write it as `if: \"event.<field> == async.<field>\"` by hand.");
        continue;
      }
      const field = match.value.value;
      edits.push({ at: match.start!, remove: match.end! - match.start!, insert: `if: ${q(`event.${field} == async.${field}`)}` });
      change(match, `cancelOn \`match: "${field}"\` → \`if: "event.${field} == async.${field}"\``);
    }
  }

  /** v3 events carried a `user` object; v4's have none (sending one is a type error, reading it gives undefined). */
  function noteUserField(node: Node): void {
    if (node.type === "CallExpression" && (memberName(node.callee) === "send" || memberName(node.callee) === "sendEvent")) {
      for (const argument of node.arguments) {
        const payloads = argument.type === "ArrayExpression" ? argument.elements : [argument];
        for (const written of payloads) {
          // `{ ... } satisfies T` and `{ ... } as T` are still the payload.
          const p = written && unwrapExpression(written);
          const user = p?.type === "ObjectExpression" && findMember(p, "name") ? findMember(p, "user") : undefined;
          if (user) leave(user, "events have no `user` field in v4: move it into `data` (and read it there).");
        }
      }
    }
    if (node.type === "CallExpression" && memberName(node.callee) === "invoke" && node.callee.type === "MemberExpression" && isIdentifier(node.callee.object, "step")) {
      const options = node.arguments[1];
      const user = options?.type === "ObjectExpression" ? findMember(options, "user") : undefined;
      if (user) leave(user, "step.invoke() takes no `user` in v4: pass it in `data` (and read it there in the invoked function).");
    }
    if (node.type === "MemberExpression" && isIdentifier(node.object, "event") && memberName(node) === "user") {
      leave(node, "`event.user` does not exist in v4: send it in `data` and read `event.data`.");
    }
  }

  function migrateSend(call: CallExpression): void {
    // inngest.send(payload) and step.sendEvent(id, payload): a payload of one known event → X.create(data).
    const method = memberName(call.callee);
    let client: ClientFacts | undefined;
    let payload: Node | undefined;
    if (method === "send" && call.arguments.length === 1) {
      client = clientOfCall(call.callee);
      payload = call.arguments[0];
    } else if (method === "sendEvent" && call.arguments.length === 2 && call.callee.type === "MemberExpression" && isIdentifier(call.callee.object, "step")) {
      client = enclosingClient(call) ?? project.soleClient;
      payload = call.arguments[1];
    }
    if (!client || !payload || client.events.length === 0) return;
    const payloads = payload.type === "ArrayExpression" ? payload.elements : [payload];
    for (const p of payloads) {
      if (p?.type !== "ObjectExpression" || p.properties.some((m) => m.type !== "ObjectProperty" || !["name", "data", "id"].includes(keyName(m) ?? ""))) continue;
      const name = findMember(p, "name");
      const data = findMember(p, "data");
      const id = findMember(p, "id");
      const eventName = name?.type === "ObjectProperty" ? literalName(name.value) : undefined;
      if (eventName === undefined || data?.type !== "ObjectProperty") continue;
      const local = useEvent(client, eventName);
      if (!local) continue;
      const idCode = id?.type === "ObjectProperty" ? `, { id: ${slice(file, id.value)} }` : "";
      edits.push({ at: p.start!, remove: p.end! - p.start!, insert: `${local}.create(${slice(file, data.value)}${idCode})` });
      const def = client.events.find((e) => e.name === eventName)!;
      change(p, `sent "${def.name}" through ${local}.create()${def.validates ? " (its zod schema now validates the data when sent)" : ""}`);
    }
  }

  /** The client whose createFunction() holds this node (by the call's object). */
  function enclosingClient(target: Node): ClientFacts | undefined {
    let found: ClientFacts | undefined;
    walk(file.ast.program, (node) => {
      if (node.start! > target.start! || node.end! < target.end!) return false;
      if (isCreateFunction(node)) found = clientOfCall(node.callee) ?? found;
    });
    return found;
  }

  function migrateWaitForEvent(call: CallExpression): void {
    if (memberName(call.callee) !== "waitForEvent" || call.callee.type !== "MemberExpression" || !isIdentifier(call.callee.object, "step")) return;
    const options = call.arguments[1];
    if (options?.type === "ObjectExpression") useDefinitionFor(options, enclosingClient(call) ?? project.soleClient);
  }

  function migrateInvoke(call: CallExpression): void {
    if (memberName(call.callee) !== "invoke" || call.callee.type !== "MemberExpression" || !isIdentifier(call.callee.object, "step")) return;
    const options = call.arguments[1];
    if (options?.type !== "ObjectExpression") return;
    const fn = findMember(options, "function");
    if (fn?.type !== "ObjectProperty" || (fn.value.type !== "StringLiteral" && fn.value.type !== "TemplateLiteral")) return;
    const client = enclosingClient(call) ?? project.soleClient;
    const id = fn.value.type === "StringLiteral" ? fn.value.value : undefined;
    if (id !== undefined && client?.appId && id.startsWith(`${client.appId}-`) && id.length > client.appId.length + 1) {
      const referenceFunction = newImports.add({ from: "inngest", name: "referenceFunction" });
      edits.push({ at: fn.value.start!, remove: fn.value.end! - fn.value.start!, insert: `${referenceFunction}({ functionId: ${q(id.slice(client.appId.length + 1))} })` });
      change(fn, `step.invoke() of "${id}" → referenceFunction({ functionId })`);
    } else {
      leave(fn, `step.invoke() with a string id is rejected by v4: use the imported function or referenceFunction({ appId, functionId }) (the string is "<appId>-<functionId>"; which part is which cannot be told from here).`);
    }
  }

  function migrateRace(call: CallExpression): void {
    if (call.callee.type !== "MemberExpression" || !isIdentifier(call.callee.object, "Promise") || memberName(call.callee) !== "race") return;
    const list = call.arguments[0];
    if (list?.type !== "ArrayExpression") return;
    const stepCall = (n: Node | null): boolean => {
      let found = false;
      if (n) walk(n, (inner) => {
        if (inner.type === "CallExpression" && inner.callee.type === "MemberExpression" && isIdentifier(inner.callee.object, "step")) found = true;
      });
      return found;
    };
    if (!list.elements.some(stepCall)) {
      // Steps started before the race and held in variables: wrapping the race alone would leave
      // them outside the group, so this is for a person.
      const handler = enclosingHandler(call);
      const held = new Set(list.elements.flatMap((e) => (e?.type === "Identifier" ? [e.name] : [])));
      let startedBefore = false;
      if (handler && held.size > 0) {
        walk(handler, (n) => {
          if (n.type === "VariableDeclarator" && n.id.type === "Identifier" && held.has(n.id.name) && stepCall(n.init ?? null)) startedBefore = true;
        });
      }
      if (startedBefore && !insideGroupParallel(call)) {
        leave(call, 'Promise.race() of steps started earlier (held in variables) waits for every step in v4: start them inside group.parallel({ mode: "race" }, () => Promise.race([...])) with the handler\'s `group`.');
      }
      return;
    }
    if (insideGroupParallel(call)) return; // moved already (a second run)
    const handler = enclosingHandler(call);
    const context = handler?.params[0];
    let group: string | undefined;
    if (context?.type === "ObjectPattern") {
      const existing = findMember(context, "group");
      if (existing?.type === "ObjectProperty" && existing.value.type === "Identifier") group = existing.value.name;
      else if (!existing && !occursFree("group", handler!)) {
        edits.push(appendMember(text, context, "group"));
        group = "group";
      }
    } else if (context?.type === "Identifier") group = `${context.name}.group`;
    if (!group) {
      leave(call, "Promise.race() of steps waits for every step in v4: wrap it in group.parallel({ mode: \"race\" }, () => Promise.race([...])) with the handler's `group`.");
      return;
    }
    edits.push({ at: call.start!, insert: `${group}.parallel({ mode: ${q("race")} }, () => ` }, { at: call.end!, insert: ")" });
    change(call, 'Promise.race() of steps → group.parallel({ mode: "race" }, () => Promise.race(...))');
  }

  /** Whether a node sits in a callback given to `<x>.parallel(…)` (v4's `group.parallel`). */
  function insideGroupParallel(target: Node): boolean {
    let inside = false;
    walk(file.ast.program, (node) => {
      if (node.start! > target.start! || node.end! < target.end!) return false;
      if (node.type !== "CallExpression" || node.callee.type !== "MemberExpression" || memberName(node.callee) !== "parallel") return;
      if (node.arguments.some((a) => (a.type === "ArrowFunctionExpression" || a.type === "FunctionExpression") && a.start! <= target.start! && target.end! <= a.end!)) inside = true;
    });
    return inside;
  }

  function occursFree(name: string, scope: Node): boolean {
    let found = false;
    walk(scope, (n) => {
      if (n.type === "Identifier" && n.name === name) found = true;
    });
    return found;
  }

  /** The createFunction() handler a node sits in, directly (not in a nested helper function). */
  function enclosingHandler(target: Node): FunctionNode | undefined {
    let handler: FunctionNode | undefined;
    let innermost: Node | undefined;
    walk(file.ast.program, (node) => {
      if (node.start! > target.start! || node.end! < target.end!) return false;
      if (isCreateFunction(node)) {
        const last = node.arguments.at(-1);
        if (last && (last.type === "ArrowFunctionExpression" || last.type === "FunctionExpression") && last.start! <= target.start! && target.end! <= last.end!) handler = last;
      }
      if (node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression" || node.type === "FunctionDeclaration" || node.type === "ObjectMethod") innermost = node;
    });
    return handler && innermost === handler ? handler : undefined;
  }

  // Imports of the event definitions, joining this file's import of its client.
  for (const local of eventsImported) {
    const { client, def } = [...eventsUsable.values()].find((e) => e.local === local)!;
    const declaration = importOfClient(client)!;
    edits.push({ at: declaration.specifiers.at(-1)!.end!, insert: `, ${def.constName === local ? local : `${def.constName} as ${local}`}` });
  }
  edits.push(...newImports.edits());

  // Left for a person: v3 shapes with no mechanical v4 form.
  walk(file.ast.program, (node) => {
    // v3's helper types took the event name too; v4's take the client only.
    if (node.type !== "TSTypeReference" || node.typeName.type !== "Identifier") return;
    const helper = imported.get(node.typeName.name);
    const params = (node as { typeParameters?: { params: unknown[] } }).typeParameters?.params ?? [];
    if (helper?.declaration.source.value === "inngest" && ["GetStepTools", "GetFunctionInput"].includes(helper.imported) && params.length > 1) {
      leave(node, `\`${helper.imported}\` takes the client only in v4 (no event name): write ${helper.imported}<typeof client>; the event is typed by the function's triggers.`);
    }
  });
  for (const [local, { imported: name, declaration }] of imported) {
    if (declaration.source.value !== "inngest" || !removedExports.has(name)) continue;
    // Said once, where `schemas` is.
    if (name === "EventSchemas" && (removedSchemas.length > 0 || schemasLeft)) continue;
    if (name === "InngestMiddleware" || name === "isInngestMiddleware") leave(declaration, `\`${local}\` (${name}) does not exist in inngest 4: middleware are classes extending \`Middleware\`; rewrite it by the v4 migration guide.`);
    else if (name === "EventSchemas") leave(declaration, "`EventSchemas` does not exist in inngest 4: define events with eventType().");
    else leave(declaration, `\`${name}\` is not exported by inngest 4${name === "GetEvents" ? ": type events through their eventType() definitions" : ""}.`);
  }
  return { text: edits.length > 0 ? applyEdits(text, edits) : text, changes, left };
}
