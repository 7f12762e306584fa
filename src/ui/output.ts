import { writeSync } from "node:fs";

/** Where the CLI prints: standard output or standard error. */
export interface Output {
  write(text: string): void;
}

/**
 * Writes with plain synchronous writes to the file descriptor. `process.stdout` is a stream whose
 * first use loads Node's stream classes (2–3 ms, a tenth of a scaffold); a CLI that prints a
 * few lines and exits needs none of it. If a write cannot be made that way (a non-blocking pipe
 * that is full, a reader that went away), the rest goes through the stream, as it always did,
 * and so does everything after it, to keep the order. A reader that closed the pipe gets nothing
 * more, as with `git log | head`.
 */
function descriptorOutput(fd: 1 | 2, stream: () => NodeJS.WriteStream): Output & { readonly used: boolean } {
  let useStream = false;
  let readerGone = false;
  // Kept on the process, not in this module: add and check run from bundles of their own, each
  // with its own copy of this module, and the entry's error handler asks whether any wrote.
  const usedMark = Symbol.for(`create-inngest-app.output-used-${fd}`);
  const marks = globalThis as unknown as Record<symbol, boolean | undefined>;
  return {
    get used() {
      return marks[usedMark] === true;
    },
    write(text) {
      marks[usedMark] = true;
      if (readerGone) return;
      if (useStream) {
        stream().write(text);
        return;
      }
      const bytes = Buffer.from(text);
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(fd, bytes, written);
      } catch (error) {
        // `check | head`: the reader has all it wanted. The command finishes its work, quietly.
        if ((error as NodeJS.ErrnoException).code === "EPIPE") {
          readerGone = true;
          return;
        }
        useStream = true;
        stream().write(bytes.subarray(written));
      }
    },
  };
}

export const stdout = descriptorOutput(1, () => process.stdout);
export const stderr = descriptorOutput(2, () => process.stderr);
