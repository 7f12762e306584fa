// Prints vitest's JSON results as one plain closing line: "tests: N passed, N failed".
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.log("tests: 0 passed, 1 failed (no results: the test run did not start)");
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, "utf8"));
// A file can fail with every test green (a failing hook or import): count it as a failure too.
const failedOutsideTests = results.testResults.filter(
  (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
).length;
const failed = results.numFailedTests + failedOutsideTests;
const skipped = results.numPendingTests + (results.numTodoTests ?? 0);
console.log(`tests: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || results.numPassedTests === 0 ? 1 : 0);
