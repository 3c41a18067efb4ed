import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { auditEvents, emailOutbox, memberships, organisations, users } from "@/db/schema";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { authenticateUser } from "./authenticate-user";
import { bootstrapPlatformAdmin } from "./bootstrap-platform-admin";
import { completeAccountLink } from "./complete-account-link";
import { ConflictError, ValidationError } from "./errors";
import { unchecked } from "./input";

const first = { email: "Ops.Lead@operator.example", displayName: "Aiko Ops", operatorNameEn: "Kakehashi operations", operatorNameJa: "かけはし運用" };
const counts = async (t: TestDatabase) =>
  rowsOf<{ users: number; organisations: number; events: number }>(
    await t.database.db.execute(sql`select (select count(*)::int from users) as users, (select count(*)::int from organisations) as organisations, (select count(*)::int from audit_events) as events`),
  )[0];

describe(`the first platform admin on ${testDatabaseKind()}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ seed: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("refuses bad input field by field, and writes nothing", async () => {
    const before = await t.database.db.select().from(users);
    const error = await bootstrapPlatformAdmin({ ctx: await t.ctxFor(null), input: unchecked({ email: "not an email", displayName: " ", operatorNameEn: "x", operatorNameJa: "x", extra: 1 }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    // An unknown field is named by its own name.
    expect((error as ValidationError).fieldErrors.map((f) => f.path).sort()).toEqual(["displayName", "email", "extra"]);
    expect(await t.database.db.select().from(users)).toEqual(before);
    expect(await t.database.db.select().from(auditEvents)).toEqual([]);
  });

  it("invites one platform admin into a new operator organisation, audited; the link sets a password, then a second factor is due", async () => {
    const ctx = await t.ctxFor(null);
    const made = await bootstrapPlatformAdmin({ ctx, input: first });
    const [user] = await t.database.db.select().from(users).where(eq(users.id, made.userId));
    expect(user).toMatchObject({ email: "ops.lead@operator.example", displayName: "Aiko Ops", passwordHash: null });
    expect(await t.database.db.select().from(memberships)).toEqual([expect.objectContaining({ userId: made.userId, organisationId: made.organisationId, role: "platform_admin" })]);
    expect(await t.database.db.select().from(organisations)).toEqual([expect.objectContaining({ id: made.organisationId, type: "operator", nameEn: "Kakehashi operations", nameJa: "かけはし運用" })]);
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
    expect(events.map((e) => [e.action, e.outcome, e.actorUserId])).toEqual([
      ["organisation.create", "allowed", null],
      ["user.invite", "allowed", null],
      ["account_link.issue", "allowed", null],
    ]);
    expect(events.slice(0, 2).map((e) => e.purpose)).toEqual(["the first platform admin, from the operator command line", "the first platform admin, from the operator command line"]);
    expect(await t.database.db.select({ to: emailOutbox.toAddress }).from(emailOutbox)).toEqual([{ to: "ops.lead@operator.example" }]);
    expect(made.link.expiresAt.getTime()).toBeGreaterThan(Date.now() + 71 * 3600_000);

    const password = "a long walk by the river";
    await completeAccountLink({ ctx: await t.ctxFor(null), input: { token: made.link.token, purpose: "invitation", email: "", password, confirmPassword: password } });
    expect(await authenticateUser({ ctx: { ...(await t.ctxFor(null)), clientIp: "198.51.100.20" }, input: { email: first.email, password } })).toEqual({ kind: "mfa_enrolment_required" });
  });

  it("works once: while a platform admin exists it refuses (409), and writes nothing", async () => {
    const before = await counts(t);
    const again = await bootstrapPlatformAdmin({ ctx: await t.ctxFor(null), input: { ...first, email: "second@operator.example" } }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as ConflictError).message).toBe("A platform admin exists already: further accounts are invited from the Users page.");
    expect(await counts(t)).toEqual(before);
  });
});

describe(`the first platform admin, asked twice at once, on ${testDatabaseKind()}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ seed: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("makes exactly one, in the one operator organisation", async () => {
    const results = await Promise.allSettled([
      bootstrapPlatformAdmin({ ctx: await t.ctxFor(null), input: { ...first, email: "a@operator.example" } }),
      bootstrapPlatformAdmin({ ctx: await t.ctxFor(null), input: { ...first, email: "b@operator.example" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: expect.any(ConflictError) });
    expect(await t.database.db.select({ role: memberships.role }).from(memberships)).toEqual([{ role: "platform_admin" }]);
    expect(await t.database.db.select({ type: organisations.type }).from(organisations)).toEqual([{ type: "operator" }]);
  });
});

describe(`the first platform admin beside the demo world on ${testDatabaseKind()}`, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("is refused where the demo's platform admin exists", async () => {
    await expect(bootstrapPlatformAdmin({ ctx: await t.ctxFor(null), input: first })).rejects.toBeInstanceOf(ConflictError);
  });
});
