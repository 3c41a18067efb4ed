// Totals every suite of `npm test` into one closing line, "N passed, N failed".
// A step without a test report (typecheck, lint, build) counts as one check; a runner that crashed
// before writing its report counts as one failure.
import fs from "node:fs";

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null);
const steps = fs.existsSync(".reports/steps.txt") ? fs.readFileSync(".reports/steps.txt", "utf8").trim().split("\n") : [];

const reports = {
  unit: ".reports/vitest-unit.json",
  "integration (PGlite)": ".reports/vitest-integration-pglite.json",
  "integration (PostgreSQL)": ".reports/vitest-integration-postgres.json",
  "e2e (Playwright, Chromium)": ".reports/playwright.json",
};

let passed = 0;
let failed = 0;
const rows = [];
for (const line of steps) {
  const ok = line.endsWith(" ok");
  const name = line.replace(/ (ok|FAILED)$/, "");
  const file = reports[name];
  const report = file ? read(file) : null;
  let p = 0;
  let f = 0;
  if (report && name.startsWith("e2e")) {
    p = report.stats.expected + report.stats.flaky;
    f = report.stats.unexpected;
  } else if (report) {
    p = report.numPassedTests;
    f = report.numFailedTests;
  } else {
    p = ok ? 1 : 0;
  }
  if (!ok && f === 0) f = 1;
  passed += p;
  failed += f;
  rows.push(`${name.padEnd(28)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed`);
}
console.log("== summary");
for (const row of rows) console.log(row);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || steps.length === 0 ? 1 : 0;
