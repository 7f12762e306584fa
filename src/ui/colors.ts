import { isTerminal } from "./terminal.ts";

/**
 * Terminal colours, decided as picocolors decides them: off with NO_COLOR or --no-color; on with
 * FORCE_COLOR or --color, on Windows, in CI, or when standard output is a terminal (not TERM=dumb).
 * Our own because picocolors decides on import, through `process.stdout`, whose first use loads
 * Node's stream classes; here the decision is made on the first colour printed, without them.
 */
function colorsEnabled(): boolean {
  const { env, argv } = process;
  if (env.NO_COLOR || argv.includes("--no-color")) return false;
  return Boolean(
    env.FORCE_COLOR || argv.includes("--color") || process.platform === "win32" || env.CI || (env.TERM !== "dumb" && isTerminal(1)),
  );
}

let enabled: boolean | undefined;

/** Wraps text in an SGR code; a `close` inside it (nested styles) reopens this one. */
function style(open: number, close: number): (text: string) => string {
  const start = `\x1b[${open}m`;
  const end = `\x1b[${close}m`;
  return (text) => {
    enabled ??= colorsEnabled();
    if (!enabled) return text;
    return start + text.replaceAll(end, end + start) + end;
  };
}

export const pc = {
  bold: style(1, 22),
  dim: style(2, 22),
  red: style(31, 39),
  green: style(32, 39),
  yellow: style(33, 39),
  magenta: style(35, 39),
  cyan: style(36, 39),
  black: style(30, 39),
  gray: style(90, 39),
  bgCyan: style(46, 49),
};
