import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";

// The demo world's fixed ids are handed out by the API like any other, and taken back by its schemas
// (z.uuid(): RFC 9562, version and variant checked). An id of the wrong variant (the advisories' once
// had `c` there) was served by GET and refused as `supersedes` or as an audit filter.

describe("the demo world's fixed ids", () => {
  it("are every one a UUID the API's schemas accept", () => {
    const folder = path.join(import.meta.dirname);
    const ids = readdirSync(folder)
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".test.ts"))
      .flatMap((name) => readFileSync(path.join(folder, name), "utf8").match(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi) ?? []);
    expect(ids.length).toBeGreaterThan(30);
    expect(ids.filter((id) => !z.uuid().safeParse(id).success)).toEqual([]);
  });
});
