import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/** The .ts files of lib/schemas and every .tsx file: the modules that can build schemas in the browser. */
function browserReachable(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) browserReachable(full, out);
    else if (full.endsWith(".tsx") || (full.includes(`${path.sep}schemas${path.sep}`) && full.endsWith(".ts") && !full.endsWith(".test.ts"))) out.push(full);
  }
  return out;
}

describe("zod in the browser", () => {
  it("every module that builds schemas imports lib/schemas/jitless before zod", () => {
    const late: string[] = [];
    for (const file of ["app", "components", "lib/schemas"].flatMap((dir) => browserReachable(path.join(root, dir)))) {
      const source = fs.readFileSync(file, "utf8");
      const zod = source.search(/^import (?!type )[^;]*from "zod";/m);
      if (zod < 0 || file.endsWith(`${path.sep}jitless.ts`)) continue;
      const jitless = source.search(/^import "(\.\/|@\/lib\/schemas\/)jitless";/m);
      if (jitless < 0 || jitless > zod) late.push(path.relative(root, file));
    }
    expect(late).toEqual([]);
  });
});
