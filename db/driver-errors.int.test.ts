import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { within } from "@/lib/testing/within";

// What the PostgreSQL driver does with a statement it cannot even build (more parameters than the wire
// protocol carries) while another is in flight on the same connection. postgres.js 3.4.9 failed the
// statement in flight instead, and left the one it could not build waiting for an answer that never came
// (fixed upstream in 3.4.10). PGlite has no such pipeline.
const onServer = testDatabaseKind() === "postgres";

let t: TestDatabase;
beforeAll(async () => {
  if (onServer) t = await createTestDatabase({ seed: false });
});
afterAll(() => t?.close());

describe.skipIf(!onServer)("a statement the driver cannot build", () => {
  it("fails alone, and the statement in flight on the same connection still answers", async () => {
    const tooMany = Array.from({ length: 70_000 }, (_, i) => i);
    const outcomes: Record<string, string> = {};
    const settle = (name: string, promise: Promise<unknown>) =>
      promise.then(
        () => void (outcomes[name] = "answered"),
        // drizzle wraps the driver's error (whose message would quote every parameter): its code says it.
        (error: Error) => void (outcomes[name] = String((error.cause as { code?: string } | undefined)?.code ?? error.name)),
      );
    // In one transaction, so both go down the same connection, the second while the first is in flight.
    const finished = await within(
      10_000,
      t.database.db
        .transaction(async (tx) => {
          await Promise.all([
            settle("in flight", tx.execute(sql`select pg_sleep(0.2), 1 as n`)),
            settle("unbuildable", tx.execute(sql`select ${sql.join(tooMany.map((n) => sql`${n}`), sql`, `)}`)),
          ]);
        })
        .then(
          () => "committed",
          () => "rolled back",
        ),
    );
    expect(outcomes).toEqual({ "in flight": "answered", unbuildable: "MAX_PARAMETERS_EXCEEDED" });
    // The transaction saw a statement fail: it rolls back, and does so promptly.
    expect(finished).toBe("rolled back");
  });
});
