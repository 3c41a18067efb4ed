import { describe, expect, it } from "vitest";
import { testDatabaseKind, testPostgresUrl } from "@/lib/testing/test-database";
import type { CopyTask, RangeOutcome } from "./range-check";
import { threadedRunner } from "./verify-threads";

const GENESIS = "0".repeat(64);
const task = (statement: string, from = 1): CopyTask => ({ range: { from, to: null }, statement, previous: GENESIS });

/** Runs tasks on worker threads; what settles, and the outcomes reported before it did. */
async function run(url: string, tasks: CopyTask[], threads = 2) {
  const outcomes: [number, RangeOutcome][] = [];
  const settled = await threadedRunner(threads)(url)(tasks, new Map(), (index, outcome) => outcomes.push([index, outcome])).then(
    () => ({ ok: true as const }),
    (error: Error) => ({ ok: false as const, message: error.message }),
  );
  return { settled, outcomes };
}

describe("verification on worker threads, when a worker fails", () => {
  it("rejects with the worker's error when the database cannot be reached", async () => {
    // Port 1 on the loopback refuses connections at once.
    const { settled, outcomes } = await run("postgres://postgres@127.0.0.1:1/none", [task("copy (select 1) to stdout (format binary)")]);
    expect(settled).toEqual({ ok: false, message: expect.stringMatching(/ECONNREFUSED/) });
    expect(outcomes).toEqual([]);
  });

  it.runIf(testDatabaseKind() === "postgres")("rejects with the server's error for a range it cannot read, even after another range passed", async () => {
    // An empty binary COPY is a sound, empty range; the second statement names no table that exists. One
    // thread, so that the first range is reported before the second fails.
    const empty = task("copy (select 1::int8 where false) to stdout (format binary)");
    const broken = task("copy (select * from no_such_audit_table) to stdout (format binary)", 2);
    const { settled, outcomes } = await run(testPostgresUrl(), [empty, broken], 1);
    expect(settled).toEqual({ ok: false, message: expect.stringMatching(/no_such_audit_table/) });
    expect(outcomes.map(([index, o]) => [index, o.events, o.bad])).toEqual([[0, 0, null]]);
  });
});
