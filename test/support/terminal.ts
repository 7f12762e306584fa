import { spawn } from "node:child_process";
import { cliPath } from "./paths.ts";

const ansi = /\x1b\[[0-9;?]*[A-Za-z]/g;

export const keys = { enter: "\r", down: "\x1b[B", ctrlC: "\x03", space: " " } as const;

/**
 * Runs the CLI in a real pseudo-terminal (util-linux `script`), so the interactive prompts run as
 * they do for a person; `expect` waits for text on screen, `type` sends keys.
 */
export function runInTerminal(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, size: number | { columns: number; rows: number } = 120) {
  const { columns, rows } = typeof size === "number" ? { columns: size, rows: 50 } : size;
  const command = `stty cols ${columns} rows ${rows}; exec node ${cliPath} ${args.join(" ")}`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd,
    env: { ...process.env, CI: "", TERM: "xterm-256color", ...env },
  });
  let screen = "";
  child.stdout.on("data", (chunk) => (screen += chunk));
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return {
    screen: () => screen.replace(ansi, ""),
    async expect(text: string, timeoutMs = 10_000) {
      const start = Date.now();
      while (!screen.replace(ansi, "").includes(text)) {
        if (Date.now() - start > timeoutMs) throw new Error(`"${text}" never appeared. Screen:\n${screen.replace(ansi, "")}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    type(...input: string[]) {
      child.stdin.write(input.join(""));
    },
    exited,
  };
}
