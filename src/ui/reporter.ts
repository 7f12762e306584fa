import pc from "picocolors";
import type { Output } from "./output.ts";
import { wrapText } from "./width.ts";

/** Human-facing output. With --json it goes to stderr so stdout carries only the JSON document. */
export interface Reporter {
  step(message: string): void;
  info(message: string): void;
  success(message: string): void;
  warn(message: string): void;
  block(title: string, lines: string[]): void;
}

/**
 * Messages are wrapped at word boundaries to `width` (the terminal's): a line the terminal wraps
 * itself breaks mid-word and, in clack's frame, leaves the frame. Blocks come fitted by the caller.
 */
export function plainReporter(stream: Output, width = Number.POSITIVE_INFINITY): Reporter {
  const write = (line: string) => stream.write(`${line}\n`);
  // After the 2-column mark ("✔ "), the first line's continuations line up with its text; the
  // message's own further lines keep the indentation they have.
  const marked = (mark: string, m: string) => {
    const [first = "", ...rest] = m.split("\n");
    return [`${mark} ${wrapText(first, width - 2).replaceAll("\n", "\n  ")}`, ...rest.map((line) => wrapText(line, width))].join("\n");
  };
  return {
    step: (m) => write(marked(pc.cyan("›"), m)),
    info: (m) => write(wrapText(m, width)),
    success: (m) => write(marked(pc.green("✔"), m)),
    warn: (m) => write(marked(pc.yellow("▲"), m)),
    // Every line indented, a wrapped entry's continuations too.
    block: (title, lines) => write(`\n${pc.bold(title)}\n${lines.flatMap((l) => l.split("\n")).map((l) => `  ${l}`).join("\n")}\n`),
  };
}

export async function clackReporter(width = Number.POSITIVE_INFINITY): Promise<Reporter> {
  const p = await import("@clack/prompts");
  // clack's guide ("│  ") takes 3 columns.
  const fit = (m: string) => wrapText(m, width - 3);
  return {
    step: (m) => p.log.step(fit(m)),
    info: (m) => p.log.info(fit(m)),
    success: (m) => p.log.success(fit(m)),
    warn: (m) => p.log.warn(fit(m)),
    block: (title, lines) => p.note(lines.join("\n"), title),
  };
}
