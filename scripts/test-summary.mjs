// Prints one closing line for the whole run, "tests: N passed, N failed", from the JSON reports
// of vitest and Playwright (arguments: vitest=FILE or playwright=FILE), so CI can read what ran.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;

for (const arg of process.argv.slice(2)) {
  const [kind, file] = arg.split("=");
  if (!file || !existsSync(file)) {
    failed += 1;
    console.error(`${kind} wrote no report (${file})`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if (kind === "vitest") {
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    // A file that fails to load has no failed test, but it is a failure all the same.
    if (!report.numFailedTests && report.numFailedTestSuites) failed += report.numFailedTestSuites;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else {
    passed += report.stats?.expected ?? 0;
    failed += (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0);
    skipped += report.stats?.skipped ?? 0;
  }
}

console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
