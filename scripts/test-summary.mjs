// Prints vitest's JSON results as one plain closing line: "tests: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log("tests: 0 passed, 1 failed (no results: the test run did not start)");
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, "utf8"));
const skipped = results.numPendingTests + (results.numTodoTests ?? 0);
console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(results.numFailedTests > 0 || results.numPassedTests === 0 ? 1 : 0);
