// The command's entry, built to bin/create-inngest-app.cjs: one small file with the code cache
// inlined, as every file loaded costs a resolution, a read and a compile.
import "./node-version-guard.ts";
import { fstatSync, readFileSync } from "node:fs";
import path from "node:path";
import packageJson from "../package.json" with { type: "json" };
import { requireBundle } from "./code-cache.ts";
import { stdout } from "./ui/output.ts";

const dist = path.join(__dirname, "..", "dist");
const args = process.argv.slice(2);
const only = args.length === 1 ? args[0] : undefined;
if (only === "--version" || only === "-v") {
  stdout.write(`${packageJson.version}\n`);
} else if ((only === "--help" || only === "-h") && !narrowTerminal()) {
  // commander's help as the program prints it at 80 columns, rendered at build time (scripts/build.mjs).
  stdout.write(readFileSync(path.join(dist, "help.txt"), "utf8"));
} else {
  // Compiled code kept between runs, per command (src/code-cache.ts says why not Node's own).
  const command = args[0] === "add" || args[0] === "check" || args[0] === "list" ? args[0] : "create";
  (requireBundle(dist, command, "cli.cjs", module) as typeof import("./cli.ts")).main();
}

/** A terminal narrower than the prerendered help: commander wraps the help to its width. */
function narrowTerminal(): boolean {
  try {
    // Only a character device may be a terminal: a pipe or a file never loads node:tty.
    return fstatSync(1).isCharacterDevice() && (process.stdout.columns ?? 80) < 80;
  } catch {
    return false;
  }
}
