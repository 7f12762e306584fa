import { fstatSync, statSync } from "node:fs";
import { isatty } from "node:tty";

/**
 * Whether `fd` is a terminal. node:tty loads node:net and the stream classes (2–3 ms), so the
 * plain answers come from fstat: a file, a pipe or a socket is not a terminal, nor is /dev/null
 * (a character device, like a terminal). Only a character device that may be one asks node:tty.
 */
export function isTerminal(fd: number): boolean {
  if (process.platform === "win32") return isatty(fd);
  let stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return false; // closed
  }
  if (!stats.isCharacterDevice()) return false;
  if (stats.rdev === devNullDevice()) return false;
  return isatty(fd);
}

let devNull: number | undefined;
function devNullDevice(): number | undefined {
  try {
    devNull ??= statSync("/dev/null").rdev;
  } catch {
    // No /dev/null to compare with: node:tty decides.
  }
  return devNull;
}
