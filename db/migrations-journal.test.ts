import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// drizzle's migrator applies only the migrations whose journal time (`when`) is later than the newest one a
// database has applied: an entry whose time comes before an earlier entry's is skipped by every database
// that already had that earlier one (0018 was, until it moved).

const folder = path.join(import.meta.dirname, "migrations");
const journal = JSON.parse(readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as { entries: { idx: number; tag: string; when: number }[] };

describe("the migrations' journal", () => {
  it("numbers its entries in order, each with its file and a time later than the one before", () => {
    journal.entries.forEach((entry, i) => {
      expect({ tag: entry.tag, idx: entry.idx, file: existsSync(path.join(folder, `${entry.tag}.sql`)) }).toEqual({ tag: entry.tag, idx: i, file: true });
      if (i > 0) expect({ tag: entry.tag, later: entry.when > journal.entries[i - 1]!.when }).toEqual({ tag: entry.tag, later: true });
    });
  });
});
