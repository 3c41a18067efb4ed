import fs from "node:fs";
import path from "node:path";
import type { Reporter, SerializedError, TestModule, Vitest } from "vitest/node";

/**
 * What vitest's JSON report leaves out: errors outside any test — an unhandled rejection or exception
 * during the run, or a file's hook or import that failed. Vitest fails the run for them with every test
 * passed, and the JSON shows nothing; so this writes them beside it (`<report>.errors.json`), for
 * scripts/test-summary.mjs to name them at the end of the log, which is all a CI record keeps.
 */
export default class ErrorsReporter implements Reporter {
  private target: string | null = null;

  onInit(vitest: Vitest) {
    const outputFile = vitest.config.outputFile;
    const json = typeof outputFile === "string" ? outputFile : outputFile?.json;
    this.target = json ? path.resolve(vitest.config.root, json.replace(/\.json$/, "") + ".errors.json") : null;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>) {
    if (!this.target) return;
    const where = (error: SerializedError) =>
      [error.VITEST_TEST_PATH, error.VITEST_TEST_NAME].filter((part): part is string => typeof part === "string").join(" › ");
    const errors = [
      ...unhandledErrors.map((error) => ({ kind: "unhandled", where: where(error), message: oneLine(error) })),
      ...testModules.flatMap((module) =>
        module.errors().map((error) => ({ kind: "file", where: module.moduleId, message: oneLine(error) })),
      ),
    ];
    fs.mkdirSync(path.dirname(this.target), { recursive: true });
    fs.writeFileSync(this.target, JSON.stringify(errors, null, 2));
  }
}

/** The error's name and message, and its cause's, on one line. */
function oneLine(error: SerializedError): string {
  const own = `${(error.name ?? "Error").replace(/^Caused by: /, "")}: ${error.message}`;
  return error.cause ? `${own} (cause: ${oneLine(error.cause)})` : own;
}
