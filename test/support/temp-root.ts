import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * One temporary folder per test run, for every project the CLI and end-to-end tests generate;
 * removed when the run ends (kept with KEEP_E2E=1, to look at them).
 */
export default function tempRoot(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), "cia-tests-"));
  process.env.CIA_TEST_TMP = root;
  return () => {
    if (!process.env.KEEP_E2E) rmSync(root, { recursive: true, force: true });
  };
}
