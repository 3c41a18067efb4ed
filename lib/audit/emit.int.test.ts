import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { rowsOf } from "@/db/client";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { AUDIT_TARGET_ID_MAX, emit, emitDurably } from "./emit";

// A refused attempt is recorded with what the caller sent. Found by the API fuzzer: an id or purpose
// holding U+0000, or an id longer than a B-tree entry may be, failed the audit INSERT, so the refusal
// answered 500 and left no trace.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.close());

async function stored(requestId: string) {
  return t.database.db
    .select({ targetId: auditEvents.targetId, purpose: auditEvents.purpose, details: auditEvents.details })
    .from(auditEvents)
    .where(eq(auditEvents.requestId, requestId));
}

describe("audit events of what callers sent", () => {
  // U+0000 is stored by neither text nor jsonb; an unpaired surrogate is refused by jsonb and changed by text.
  it.each([
    {
      what: "U+0000 in its target id, purpose and details",
      sent: { id: "a\u0000b", purpose: "review\u0000", attempted: "profile.read\u0000", reason: "no_such_company" },
      kept: { id: "a\ufffdb", purpose: "review\ufffd", attempted: "profile.read\ufffd", reason: "no_such_company" },
    },
    {
      what: "unpaired surrogates in its target id and details (a proper pair kept)",
      sent: { id: "x\udc00", purpose: undefined, attempted: "advisory.read\ud800", reason: "not_found \ud83d\ude00" },
      kept: { id: "x\ufffd", purpose: null, attempted: "advisory.read\ufffd", reason: "not_found 😀" },
    },
  ])("records a denial with $what, with U+FFFD in their place", async ({ sent, kept }) => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    await emitDurably(ctx, {
      action: "access.denied",
      outcome: "denied",
      target: { type: "company_profile", id: sent.id },
      purpose: sent.purpose,
      details: { attempted: sent.attempted, reason: sent.reason },
    });
    expect(await stored(ctx.requestId)).toEqual([{ targetId: kept.id, purpose: kept.purpose, details: { attempted: kept.attempted, reason: kept.reason } }]);
  });

  it("records a failed sign-in whose email holds U+0000", async () => {
    const ctx = await t.ctxFor(null);
    await t.database.db.transaction((tx) =>
      emit(tx, ctx, { action: "auth.sign_in_failed", outcome: "denied", details: { email: "x\u0000@example.com", reason: "unknown_user" } }),
    );
    expect((await stored(ctx.requestId))[0]?.details).toEqual({ email: "x\ufffd@example.com", reason: "unknown_user" });
  });

  it("records a denial for an id too long to index, cut to its first characters", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    // Random text does not compress, so its index entry would exceed PostgreSQL's 2,704-byte limit.
    const id = randomBytes(2000).toString("hex");
    await emitDurably(ctx, { action: "access.denied", outcome: "denied", target: { type: "advisory", id }, details: { attempted: "advisory.read", reason: "other_tenant" } });
    const [row] = await stored(ctx.requestId);
    expect(row?.targetId).toHaveLength(AUDIT_TARGET_ID_MAX);
    expect(row?.targetId).toBe(`${id.slice(0, AUDIT_TARGET_ID_MAX - 1)}…`);
  });

  it("records a denial for a long id of astral characters, cut whole characters before its limit", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    // Found by the API fuzzer: each 😀 is two UTF-16 units, and a cut at the limit split the last pair,
    // leaving an unpaired surrogate that jsonb refused, so the refusal answered 500.
    const id = "😀".repeat(AUDIT_TARGET_ID_MAX);
    await emitDurably(ctx, { action: "access.denied", outcome: "denied", target: { type: "advisory", id }, details: { attempted: "advisory.read", reason: "other_tenant" } });
    const [row] = await stored(ctx.requestId);
    expect(row?.targetId).toBe(`${"😀".repeat((AUDIT_TARGET_ID_MAX - 2) / 2)}…`);
    expect(row?.targetId?.isWellFormed()).toBe(true);
  });
});

describe("the statement that writes audit events", () => {
  // Every event goes through it: sent unnamed, postgres.js took two round trips (parse and describe, then
  // bind and execute) and PostgreSQL parsed and planned it for every batch of the group commit.
  it.runIf(testDatabaseKind() === "postgres")("is prepared on its connection once and reused", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    const event = { action: "access.denied", outcome: "denied", target: { type: "advisory", id: "prepared" }, details: { attempted: "advisory.read", reason: "other_tenant" } } as const;
    const prepared = await t.database.db.transaction(async (tx) => {
      await emit(tx, ctx, event);
      await emit(tx, ctx, event);
      return rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like '%jsonb_to_recordset%'`))[0]!.n;
    });
    expect(prepared).toBe(1);
  });
});
