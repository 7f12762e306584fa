// A small command-line layer: a program described as data (the table in src/cli.ts), parsed and its
// help rendered from the same data. It replaces commander, which was most of the bundle and about
// 2 ms of every run for the little this CLI asks of it. The wording of errors and the layout of the
// help are commander's, which users and scripts already know.
export interface OptionSpec {
  /** The long name, without dashes. A `no-` name turns off the option it negates: `--no-git` gives `git: false`. */
  long: string;
  /** One letter: `y` for `-y`. */
  short?: string;
  /** The value's name in the help (`name` in `--framework <name>`); absent for an option without a value. */
  value?: string;
  description: string;
}

export interface ArgumentSpec {
  name: string;
  description: string;
  /** Takes every remaining word: `[patterns...]`. */
  variadic?: boolean;
  default?: string;
}

/** The options as the command receives them: camelCase keys (`appId`), absent when not given. */
export type Flags = Record<string, string | boolean>;

export interface CommandSpec {
  name: string;
  description: string;
  /** At most one, always optional. */
  argument?: ArgumentSpec;
  /** `--help` and `--version` are recognised by their long names. */
  options: readonly OptionSpec[];
  /** Printed after the generated help: examples, exit codes. */
  helpAfter?: () => string;
  /** `operands`: the argument's words (none, one or, when variadic, any number); `args`: the command line as typed. */
  run(operands: string[], flags: Flags, args: readonly string[]): void | Promise<void>;
}

export interface ProgramSpec extends CommandSpec {
  commands: readonly CommandSpec[];
}

export type CommandLine =
  | { kind: "help"; command: CommandSpec }
  | { kind: "version" }
  | { kind: "run"; command: CommandSpec; operands: string[]; flags: Flags };

/** A command line that cannot be run as typed (exit 2); the message is commander's. */
export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandLineError";
  }
}

type Token =
  | { kind: "positional"; value: string; index: number }
  | { kind: "terminator"; index: number }
  | OptionToken;

/** `option` is undefined for an unknown one; `inline` for `--name=value`. */
interface OptionToken {
  kind: "option";
  option: OptionSpec | undefined;
  rawName: string;
  value: string | undefined;
  inline: boolean;
  index: number;
}

/**
 * The command line split into options, their values and operands, as util.parseArgs splits it
 * (`--name value`, `--name=value`, `-yh`, `--`). Not util.parseArgs itself: its first call loads
 * and compiles two of Node's internal modules, 0.6 ms, more than the rest of the parse. An option
 * that takes a value takes the next word, whatever it is, as commander did.
 */
function tokenize(command: CommandSpec, args: readonly string[]): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const start = index;
    if (arg === "--") {
      tokens.push({ kind: "terminator", index });
      for (index++; index < args.length; index++) tokens.push({ kind: "positional", value: args[index]!, index });
    } else if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const rawName = equals === -1 ? arg : arg.slice(0, equals);
      const option = command.options.find((o) => o.long === rawName.slice(2));
      const inline = equals !== -1;
      const value = inline ? arg.slice(equals + 1) : option?.value ? args[++index] : undefined;
      tokens.push({ kind: "option", option, rawName, value, inline, index: start });
    } else if (arg.startsWith("-") && arg.length > 1) {
      // One-letter options, alone or grouped (-yh); one that takes a value takes the rest of the group or the next word.
      for (let i = 1; i < arg.length; i++) {
        const option = command.options.find((o) => o.short === arg[i]);
        const rest = arg.slice(i + 1);
        const value = option?.value ? rest || args[++index] : undefined;
        tokens.push({ kind: "option", option, rawName: `-${arg[i]}`, value, inline: false, index: start });
        if (option?.value) break;
      }
    } else tokens.push({ kind: "positional", value: arg, index });
  }
  return tokens;
}

/**
 * What the command line asks for. As with commander, the first operand names a subcommand when it
 * is one (`list`, or `--yes list`); anything else is the root command's argument (`Add` is a
 * directory, not a mistyped command). `--help` wins over every other option and over errors.
 */
export function parseCommandLine(program: ProgramSpec, args: readonly string[]): CommandLine {
  const tokens = tokenize(program, args);
  const first = tokens.find((t) => t.kind !== "option");
  const subcommand = first?.kind === "positional" ? program.commands.find((c) => c.name === first.value) : undefined;
  if (!subcommand || !first) return interpret(program, tokens, program);
  // Options before a subcommand's name are the program's: only --help and --version mean anything there.
  const before = interpret(program, tokens.filter((t) => t.index < first.index), program);
  if (before.kind !== "run") return before;
  return interpret(subcommand, tokenize(subcommand, args.slice(first.index + 1)), program);
}

function interpret(command: CommandSpec, tokens: Token[], program: ProgramSpec): CommandLine {
  const flags: Flags = {};
  const operands: string[] = [];
  let wantsVersion = false;
  let problem: string | undefined;
  for (const token of tokens) {
    if (token.kind === "positional") operands.push(token.value);
    if (token.kind !== "option") continue;
    const option = token.option;
    if (option?.long === "help") return { kind: "help", command };
    if (option?.long === "version") wantsVersion = true;
    problem ??= optionProblem(token, command);
    if (option && !problem) {
      const negated = option.long.startsWith("no-");
      flags[camelCase(negated ? option.long.slice(3) : option.long)] = option.value ? (token.value as string) : !negated;
    }
  }
  if (wantsVersion) return { kind: "version" };
  if (problem) throw new CommandLineError(problem);

  const expected = !command.argument ? 0 : command.argument.variadic ? Infinity : 1;
  if (operands.length > expected) {
    const forWhich = command === program ? "" : ` for '${command.name}'`;
    throw new CommandLineError(`too many arguments${forWhich}. Expected ${expected} argument${expected === 1 ? "" : "s"} but got ${operands.length}.`);
  }
  if (operands.length === 0 && command.argument?.default !== undefined) operands.push(command.argument.default);
  return { kind: "run", command, operands, flags };
}

/** Why an option cannot be taken as typed, in commander's words. */
function optionProblem(token: OptionToken, command: CommandSpec): string | undefined {
  const option = token.option;
  if (!option) return `unknown option '${token.rawName}'${suggestion(token.rawName, command.options)}`;
  if (option.value && token.value === undefined) return `option '${optionTerm(option)}' argument missing`;
  if (!option.value && token.inline) return `option '${token.rawName}' does not take a value`;
  return undefined;
}

const camelCase = (name: string) => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

/** `\n(Did you mean --framework?)` for `--framwork`, as commander's suggestSimilar: long options only, close enough to be a typo. */
export function suggestion(unknown: string, options: readonly OptionSpec[]): string {
  if (!unknown.startsWith("--")) return "";
  const word = unknown.slice(2);
  let best = 3; // more edits than this is not a typo
  let similar: string[] = [];
  for (const candidate of new Set(options.map((o) => o.long))) {
    const distance = editDistance(word, candidate);
    const length = Math.max(word.length, candidate.length);
    if ((length - distance) / length <= 0.4 || distance > best) continue;
    if (distance < best) similar = [];
    best = distance;
    similar.push(`--${candidate}`);
  }
  similar.sort();
  if (similar.length === 0) return "";
  return similar.length === 1 ? `\n(Did you mean ${similar[0]}?)` : `\n(Did you mean one of ${similar.join(", ")}?)`;
}

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

// The help, laid out as commander did, at a fixed width so the text rendered at build time for
// bin/'s fast path (dist/help.txt) is the same the program prints.
const helpWidth = 80;

const optionTerm = (o: OptionSpec) => `${o.short ? `-${o.short}, ` : ""}--${o.long}${o.value ? ` <${o.value}>` : ""}`;
const argumentUsage = (a: ArgumentSpec | undefined) => (a ? ` [${a.name}${a.variadic ? "..." : ""}]` : "");

export function helpText(program: ProgramSpec, command: CommandSpec = program): string {
  const isProgram = command === program;
  const subcommands = isProgram ? program.commands : [];
  const argument = command.argument;
  const sections: [title: string, items: [term: string, description: string][]][] = [
    ["Arguments:", argument ? [[argument.name, argument.description + (argument.default === undefined ? "" : ` (default: ${JSON.stringify(argument.default)})`)]] : []],
    ["Options:", command.options.map((o) => [optionTerm(o), o.description])],
    ["Commands:", subcommands.map((c) => [`${c.name}${c.options.length ? " [options]" : ""}${argumentUsage(c.argument)}`, c.description])],
  ];
  const termWidth = Math.max(...sections.flatMap(([, items]) => items.map(([term]) => term.length)));
  const item = ([term, description]: [string, string]) =>
    `  ${term.padEnd(termWidth)}  ${wrap(description, helpWidth - termWidth - 4).replaceAll("\n", `\n${" ".repeat(termWidth + 4)}`)}`;

  const usage = `${program.name}${isProgram ? "" : ` ${command.name}`} [options]${subcommands.length ? " [command]" : ""}${argumentUsage(argument)}`;
  const lines = [`Usage: ${usage}`, "", wrap(command.description, helpWidth), ""];
  for (const [title, items] of sections) if (items.length > 0) lines.push(title, ...items.map(item), "");
  return lines.join("\n") + (command.helpAfter ? `${command.helpAfter()}\n` : "");
}

/** Greedy word wrap at `width` columns. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join("\n");
}
