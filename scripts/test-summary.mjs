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
const failures = [];

// The names of failed tests, with the first line of each error, so that the tail of a long log
// (all a CI record keeps) says which test to look at.
const firstLine = (text) => String(text ?? "").replace(/\u001b\[[0-9;]*m/g, "").split("\n").find((l) => l.trim()) ?? "";
function vitestFailures(report) {
  return report.testResults.flatMap((file) =>
    file.assertionResults
      .filter((t) => t.status === "failed")
      .map((t) => `${file.name.replace(process.cwd() + "/", "")} › ${t.fullName} — ${firstLine(t.failureMessages?.[0]).slice(0, 200)}`),
  );
}
// Errors vitest failed the run for with every test passed: unhandled ones, a file's failing hook.
function errorsOutsideTests(reportFile) {
  const errors = read(reportFile.replace(/\.json$/, ".errors.json")) ?? [];
  return errors.map((e) => `${e.kind === "unhandled" ? "unhandled error" : "error outside a test"} in ${e.where.replace(process.cwd() + "/", "") || "an unknown file"} — ${e.message.slice(0, 300)}`);
}
function playwrightFailures(suite, trail = []) {
  const here = suite.title ? [...trail, suite.title] : trail;
  const own = (suite.specs ?? []).flatMap((spec) =>
    spec.tests
      .filter((t) => t.status === "unexpected")
      .map((t) => `${[...here, spec.title].join(" › ")} — ${firstLine(t.results.at(-1)?.error?.message).slice(0, 200)}`),
  );
  return [...own, ...(suite.suites ?? []).flatMap((child) => playwrightFailures(child, here))];
}
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
    failures.push(...report.suites.flatMap((suite) => playwrightFailures(suite)).map((t) => `${name}: ${t}`));
  } else if (report) {
    p = report.numPassedTests;
    f = report.numFailedTests;
    failures.push(...vitestFailures(report).map((t) => `${name}: ${t}`));
    failures.push(...errorsOutsideTests(file).map((t) => `${name}: ${t}`));
  } else {
    p = ok ? 1 : 0;
  }
  if (!ok && f === 0) f = 1;
  passed += p;
  failed += f;
  rows.push(`${name.padEnd(28)} ${String(p).padStart(5)} passed ${String(f).padStart(4)} failed`);
}
if (failures.length > 0) {
  console.log("== failed tests");
  for (const line of failures) console.log(line);
  console.log();
}
console.log("== summary");
for (const row of rows) console.log(row);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || steps.length === 0 ? 1 : 0;
