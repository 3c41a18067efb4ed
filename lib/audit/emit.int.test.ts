import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
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
  it("records a denial whose target id, purpose and details hold U+0000, with U+FFFD in its place", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    await emitDurably(ctx, {
      action: "access.denied",
      outcome: "denied",
      target: { type: "company_profile", id: "a\u0000b" },
      purpose: "review\u0000",
      details: { attempted: "profile.read\u0000", reason: "no_such_company" },
    });
    expect(await stored(ctx.requestId)).toEqual([{ targetId: "a\ufffdb", purpose: "review\ufffd", details: { attempted: "profile.read\ufffd", reason: "no_such_company" } }]);
  });

  it("records a failed sign-in whose email holds U+0000", async () => {
    const ctx = await t.ctxFor(null);
    await t.database.db.transaction((tx) =>
      emit(tx, ctx, { action: "auth.sign_in_failed", outcome: "denied", details: { email: "x\u0000@example.com", reason: "unknown_user" } }),
    );
    expect((await stored(ctx.requestId))[0]?.details).toEqual({ email: "x\ufffd@example.com", reason: "unknown_user" });
  });

  it("records details holding an unpaired surrogate, which jsonb refuses, with U+FFFD in its place", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    await emitDurably(ctx, {
      action: "access.denied",
      outcome: "denied",
      target: { type: "advisory", id: "x\udc00" },
      details: { attempted: "advisory.read\ud800", reason: "not_found \ud83d\ude00" },
    });
    expect(await stored(ctx.requestId)).toEqual([
      { targetId: "x\ufffd", purpose: null, details: { attempted: "advisory.read\ufffd", reason: "not_found 😀" } },
    ]);
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
});
