import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { conflictDeclarations } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { activeConflict } from "@/lib/authz/scope";
import { tokyoToday } from "@/lib/i18n/format";
import { declareConflict } from "./declare-conflict";
import { endConflict } from "./end-conflict";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { getDisclosure } from "./get-disclosure";
import { getUserDetail } from "./get-user-detail";

const ADMIN = "admin@kakehashi.example";
const idOf = (email: string) => demoUsers.find((u) => u.email === email)!.id;
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

// Conflicts of interest: declared by a platform admin for any agency user, or by staff for themselves
// (from today in Tokyo or earlier, with no end); only an admin ends one. Other administration:
// administration.int.test.ts.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("conflicts of interest", () => {
  it("records conflicts declared by an admin or by agency staff for themselves; only an admin ends one", async () => {
    const reviewer = idOf("reviewer@esb.example");
    const own = await callAs(t, "reviewer@esb.example", (ctx) =>
      declareConflict({ ctx, input: { companyId: demoOrgIds.aoba, reason: "My spouse works at Aoba.", validFrom: "2026-01-01", validUntil: "" } }),
    );
    expect(own.events.map((e) => [e.action, e.details])).toEqual([
      ["conflict.declare", { userId: reviewer, companyId: demoOrgIds.aoba, validFrom: "2026-01-01", validUntil: null, self: true }],
    ]);
    // Declared again while in force: refused on the company, nothing written (it would only repeat it).
    const twice = await callAs(t, "reviewer@esb.example", (ctx) => declareConflict({ ctx, input: { companyId: demoOrgIds.aoba, reason: "Still my spouse's employer.", validFrom: "2026-03-01" } }));
    expect([twice.error, twice.events.map((e) => e.action)]).toEqual([expect.any(ValidationError), []]);
    expect((twice.error as ValidationError).fieldErrors).toEqual([{ path: "companyId", message: "validation.conflictAlreadyDeclared" }]);
    expect(await t.database.db.select().from(conflictDeclarations).where(and(eq(conflictDeclarations.userId, reviewer), eq(conflictDeclarations.companyId, demoOrgIds.aoba)))).toHaveLength(1);
    // In force: the reviewer no longer sees Aoba's disclosures.
    const [aobaDisclosure] = await t.database.db.execute<{ id: string }>(sql`select id from disclosures where organisation_id = ${demoOrgIds.aoba} and status <> 'draft' limit 1`).then((r) => (Array.isArray(r) ? r : (r as { rows: { id: string }[] }).rows));
    expect((await callAs(t, "reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id: aobaDisclosure!.id } }))).error).toBeInstanceOf(NotFoundError);

    const forOther = await callAs(t, "reviewer@esb.example", (ctx) =>
      declareConflict({ ctx, input: { userId: idOf("reviewer2@esb.example"), companyId: demoOrgIds.aoba, reason: "Declaring for a colleague.", validFrom: "2026-01-01" } }),
    );
    expect(forOther.error).toBeInstanceOf(ForbiddenError);
    // Staff cannot lift their own recusal: refused with 403, the refusal audited, the declaration still open.
    const ownEnd = await callAs(t, "reviewer@esb.example", (ctx) => endConflict({ ctx, input: { conflictId: own.value!.id } }));
    expect(ownEnd.error).toBeInstanceOf(ForbiddenError);
    expect(ownEnd.events.map((e) => [e.action, e.outcome, e.targetId, (e.details as { attempted: string }).attempted])).toEqual([["access.denied", "denied", own.value!.id, "conflict.manage"]]);
    expect((await t.database.db.select({ validUntil: conflictDeclarations.validUntil }).from(conflictDeclarations).where(eq(conflictDeclarations.id, own.value!.id)))[0]).toEqual({ validUntil: null });
    expect((await callAs(t, "officer@aoba.example", (ctx) => declareConflict({ ctx, input: { companyId: demoOrgIds.aoba, reason: "Not an agency user.", validFrom: "2026-01-01" } }))).error).toBeInstanceOf(ForbiddenError);

    const ended = await callAs(t, ADMIN, (ctx) => endConflict({ ctx, input: { conflictId: own.value!.id } }));
    expect(ended.events.map((e) => e.action)).toEqual(["conflict.end"]);
    expect((await callAs(t, "reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id: aobaDisclosure!.id } }))).error).toBeNull();
    // Ended already: refused (409), and nothing is written, not even another conflict.end.
    const again = await callAs(t, ADMIN, (ctx) => endConflict({ ctx, input: { conflictId: own.value!.id } }));
    expect([again.error, again.events]).toEqual([expect.any(ConflictError), []]);
    const unknown = await callAs(t, ADMIN, (ctx) => endConflict({ ctx, input: { conflictId: "00000000-0000-4000-a000-0000000000ff" } }));
    expect(unknown.error).toBeInstanceOf(NotFoundError);
    expect(unknown.events.map((e) => [e.action, e.details])).toEqual([["access.denied", { attempted: "conflict.end", reason: "not_in_scope" }]]);

    const byAdmin = await callAs(t, ADMIN, (ctx) =>
      declareConflict({ ctx, input: { userId: idOf("approver@esb.example"), companyId: demoOrgIds.minato, reason: "Shareholder of Minato Pharma.", validFrom: "2026-02-01", validUntil: "2027-01-31" } }),
    );
    expect(byAdmin.events.map((e) => (e.details as { self: boolean }).self)).toEqual([false]);
    const rows = await t.database.db.select().from(conflictDeclarations).where(and(eq(conflictDeclarations.userId, idOf("approver@esb.example")), eq(conflictDeclarations.companyId, demoOrgIds.minato)));
    expect(rows).toMatchObject([{ declaredBy: idOf(ADMIN), validUntil: "2027-01-31" }]);
  });

  it("bounds the dates of a conflict staff declare for themselves: in force from today in Tokyo or earlier, with no end; an admin's are free", async () => {
    const reviewer = idOf("reviewer@esb.example");
    const today = tokyoToday();
    const declarationsOf = async (userId: string) =>
      (await t.database.db.select({ id: conflictDeclarations.id }).from(conflictDeclarations).where(and(eq(conflictDeclarations.userId, userId), eq(conflictDeclarations.companyId, demoOrgIds.tsubame)))).length;
    const refused = async (email: string, input: Record<string, string>) => {
      const before = await declarationsOf(input.userId ?? reviewer);
      const { error, events } = await callAs(t, email, (ctx) => declareConflict({ ctx, input: { companyId: demoOrgIds.tsubame, reason: "Former employee of Tsubame Robotics.", ...input } as never }));
      // Nothing written, not even an event: the input is refused before anything is inserted.
      expect(events).toEqual([]);
      expect(await declarationsOf(input.userId ?? reviewer)).toBe(before);
      expect(error).toBeInstanceOf(ValidationError);
      return { status: (error as ValidationError).status, fieldErrors: (error as ValidationError).fieldErrors };
    };
    const startsLater = { status: 422, fieldErrors: [{ path: "validFrom", message: "validation.conflictStartsLater" }] };
    const endByAdmin = { status: 422, fieldErrors: [{ path: "validUntil", message: "validation.conflictEndByAdmin" }] };

    // A start in the future would stand declared and yet not recuse: tomorrow in Tokyo, or 2099.
    expect(await refused("reviewer@esb.example", { validFrom: dayAfter(today) })).toEqual(startsLater);
    expect(await refused("reviewer@esb.example", { validFrom: "2099-01-01" })).toEqual(startsLater);
    // Naming oneself is declaring for oneself.
    expect(await refused("reviewer@esb.example", { userId: reviewer, validFrom: "2099-01-01" })).toEqual(startsLater);
    // An end date would lift one's own recusal in advance, however far off.
    expect(await refused("reviewer@esb.example", { validFrom: "2026-01-01", validUntil: "2099-12-31" })).toEqual(endByAdmin);
    expect(await refused("reviewer@esb.example", { userId: reviewer, validFrom: today, validUntil: today })).toEqual(endByAdmin);
    expect(await refused("reviewer@esb.example", { validFrom: "2099-01-01", validUntil: "2099-12-31" })).toEqual({ status: 422, fieldErrors: [...startsLater.fieldErrors, ...endByAdmin.fieldErrors] });
    // Whoever declares, a period may not end before it starts.
    expect(await refused(ADMIN, { userId: idOf("approver@esb.example"), validFrom: "2026-03-01", validUntil: "2026-02-28" })).toEqual({ status: 422, fieldErrors: [{ path: "validUntil", message: "validation.dateRange" }] });

    // Today in Tokyo is not later: declared for today, the recusal is in force at once (rolled back after).
    const rollback = new Error("rollback");
    const reviewerCtx = await t.ctxFor("reviewer@esb.example");
    await t.database.db
      .transaction(async (tx) => {
        const { id } = await declareConflict({ ctx: { ...reviewerCtx, db: tx }, input: { companyId: demoOrgIds.tsubame, reason: "Former employee of Tsubame Robotics.", validFrom: today, validUntil: "" } });
        expect((await tx.select().from(conflictDeclarations).where(eq(conflictDeclarations.id, id)))[0]).toMatchObject({ validFrom: today, validUntil: null, declaredBy: reviewer });
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });

    // A platform admin keeps the freedom to record a later start and an end, for another user.
    const approver = idOf("approver@esb.example");
    const byAdmin = await callAs(t, ADMIN, (ctx) =>
      declareConflict({ ctx, input: { userId: approver, companyId: demoOrgIds.tsubame, reason: "Joins Tsubame Robotics' board in 2099.", validFrom: "2099-01-01", validUntil: "2099-12-31" } }),
    );
    expect(byAdmin.error).toBeNull();
    expect(byAdmin.events.map((e) => [e.action, e.details])).toEqual([
      ["conflict.declare", { userId: approver, companyId: demoOrgIds.tsubame, validFrom: "2099-01-01", validUntil: "2099-12-31", self: false }],
    ]);
    expect(await t.database.db.select().from(conflictDeclarations).where(eq(conflictDeclarations.id, byAdmin.value!.id))).toMatchObject([{ userId: approver, validFrom: "2099-01-01", validUntil: "2099-12-31", declaredBy: idOf(ADMIN) }]);
  });

  it("cancels a declaration ended before it has begun, so that it never applies; one ended or cancelled already is refused (409), nothing written", async () => {
    const approver = idOf("approver@esb.example");
    const today = tokyoToday();
    const inForceToday = async () => rowsOf<{ c: boolean }>(await t.database.db.execute(sql`select ${activeConflict(approver, demoOrgIds.kawasemi)} as c`))[0]!.c;
    const declare = async (validFrom: string, validUntil = "") =>
      (await callAs(t, ADMIN, (ctx) => declareConflict({ ctx, input: { userId: approver, companyId: demoOrgIds.kawasemi, reason: "Advises Kawasemi's board.", validFrom, validUntil } }))).value!.id;
    const stored = async (id: string) => (await t.database.db.select({ validFrom: conflictDeclarations.validFrom, validUntil: conflictDeclarations.validUntil }).from(conflictDeclarations).where(eq(conflictDeclarations.id, id)))[0];
    const standing = async (id: string) => (await callAs(t, ADMIN, (ctx) => getUserDetail({ ctx, input: { userId: approver } }))).value!.conflicts.find((c) => c.id === id)?.standing;
    const end = async (id: string) => {
      const { error, events } = await callAs(t, ADMIN, (ctx) => endConflict({ ctx, input: { conflictId: id } }));
      return { error, ends: events.map((e) => [e.action, (e.details as { validUntil: string }).validUntil]) };
    };

    // In force from today: ending it today cancels it, so that it no longer applies today (it did until
    // the end of today, and the page kept offering to end it).
    const startsToday = await declare(today);
    expect([await inForceToday(), await standing(startsToday)]).toEqual([true, "open"]);
    expect(await end(startsToday)).toEqual({ error: null, ends: [["conflict.end", dayBefore(today)]] });
    expect(await stored(startsToday)).toEqual({ validFrom: today, validUntil: dayBefore(today) });
    expect([await inForceToday(), await standing(startsToday)]).toEqual([false, "cancelled"]);
    expect(await end(startsToday)).toEqual({ error: expect.any(ConflictError), ends: [] });

    // From 2099, with or without an end: cancelled too (no day from its start on has it in force), and only once.
    for (const until of ["", "2099-12-31"]) {
      const later = await declare("2099-01-01", until);
      expect(await end(later)).toEqual({ error: null, ends: [["conflict.end", "2098-12-31"]] });
      expect(await stored(later)).toEqual({ validFrom: "2099-01-01", validUntil: "2098-12-31" });
      expect(await standing(later)).toBe("cancelled");
      expect(await end(later)).toEqual({ error: expect.any(ConflictError), ends: [] });
      expect(await stored(later)).toEqual({ validFrom: "2099-01-01", validUntil: "2098-12-31" });
    }

    // Begun before today: it ends yesterday, and stays ended.
    const begun = await declare(dayBefore(dayBefore(today)));
    expect(await inForceToday()).toBe(true);
    expect(await end(begun)).toEqual({ error: null, ends: [["conflict.end", dayBefore(today)]] });
    expect([await inForceToday(), await standing(begun)]).toEqual([false, "ended"]);
    expect(await end(begun)).toEqual({ error: expect.any(ConflictError), ends: [] });
  });
});
