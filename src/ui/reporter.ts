import pc from "picocolors";
import type { Output } from "./output.ts";

/** Human-facing output. With --json it goes to stderr so stdout carries only the JSON document. */
export interface Reporter {
  step(message: string): void;
  info(message: string): void;
  success(message: string): void;
  warn(message: string): void;
  block(title: string, lines: string[]): void;
}

export function plainReporter(stream: Output): Reporter {
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    step: (m) => write(`${pc.cyan("›")} ${m}`),
    info: (m) => write(m),
    success: (m) => write(`${pc.green("✔")} ${m}`),
    warn: (m) => write(`${pc.yellow("▲")} ${m}`),
    block: (title, lines) => write(`\n${pc.bold(title)}\n${lines.map((l) => `  ${l}`).join("\n")}\n`),
  };
}

export async function clackReporter(): Promise<Reporter> {
  const p = await import("@clack/prompts");
  return {
    step: (m) => p.log.step(m),
    info: (m) => p.log.info(m),
    success: (m) => p.log.success(m),
    warn: (m) => p.log.warn(m),
    block: (title, lines) => p.note(lines.join("\n"), title),
  };
}
