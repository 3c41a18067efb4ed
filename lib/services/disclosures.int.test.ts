import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { disclosures, disclosureVersions, exposureItems } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { ownRevision, type ExposureItem } from "@/lib/schemas/disclosure";
import { magnetExposure } from "@/lib/testing/disclosure-fixtures";
import { auditEventsOf, callAs, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { whileBlocked } from "@/lib/testing/while-held";
import type { RequestContext } from "./context";
import { createDisclosure } from "./create-disclosure";
import { withRowSecurity } from "./internal/row-security";
import { ConflictError, ForbiddenError, NotFoundError, StaleRevisionError, ValidationError } from "./errors";
import { getDisclosure, getDisclosureVersion } from "./get-disclosure";
import { listAccessLog } from "./list-access-log";
import { listDisclosures } from "./list-disclosures";
import { reviewDisclosure } from "./review-disclosure";
import { submitDisclosure } from "./submit-disclosure";
import { updateDisclosure } from "./update-disclosure";
import { withdrawDisclosure } from "./withdraw-disclosure";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const magnets: ExposureItem = { ...magnetExposure, mitigation: { strategy: "diversify", plan: "Second source in Japan.", targetDate: "2030-01-31" } };

const as = <T>(email: string, call: (ctx: RequestContext) => Promise<T>) => callAs(t, email, call);

describe("a company's disclosure from draft to acceptance", () => {
  let id: string;

  it("creates one draft per period, audited", async () => {
    const created = await as("officer@tsubame.example", (ctx) => createDisclosure({ ctx, input: { reportingPeriod: "2027-H1", items: [magnets] } }));
    expect(created.error).toBeNull();
    expect(created.value).toMatchObject({ status: "draft", revision: 1, latestVersion: 0, editable: true, items: [magnets], versions: [] });
    expect(created.events).toMatchObject([{ action: "disclosure.create", targetOrgId: demoOrgIds.tsubame, details: { reportingPeriod: "2027-H1", itemCount: 1 } }]);
    id = created.value!.id;
    const again = await as("officer@tsubame.example", (ctx) => createDisclosure({ ctx, input: { reportingPeriod: "2027-H1", items: [] } }));
    expect(again.error).toBeInstanceOf(ConflictError);
  });

  it("gives one of concurrent creates the draft and the others a 409 naming it, not a database error", async () => {
    const create = (ctx: RequestContext) => createDisclosure({ ctx, input: { reportingPeriod: "2031-H2", items: [] } });
    const ctx = await t.ctxFor("officer@minato.example");
    // The first create is held uncommitted while two more start: both reach the unique key and wait on it.
    const { first, second: refusals, waits } = await whileBlocked(
      t.database,
      (tx) => create({ ...ctx, db: tx }),
      () => Promise.all([as("officer@minato.example", create), as("officer@minato.example", create)]),
      { waiters: 2 },
    );
    expect(first).toMatchObject({ status: "draft", revision: 1 });
    expect(await auditEventsOf(t.database, ctx.requestId)).toMatchObject([{ action: "disclosure.create", targetId: first.id }]);
    for (const refused of refusals) {
      expect(refused.error).toBeInstanceOf(ConflictError);
      expect((refused.error as Error).message).toContain(first.id);
      expect(refused.events).toEqual([]);
    }
    // An insert that meets an uncommitted row with its key waits for that row's transaction to end.
    const onTheFirstsRow = expect.objectContaining({ locktype: "transactionid", waitEventType: "Lock", query: expect.stringMatching(/^insert into "disclosures"/) });
    expect(waits).toEqual(testDatabaseKind() === "postgres" ? [onTheFirstsRow, onTheFirstsRow] : null);
  });

  it("saves from the current revision, and refuses a stale save with the newer data, writing nothing", async () => {
    const saved = await as("officer@tsubame.example", (ctx) => updateDisclosure({ ctx, input: { id, revision: 1, changes: { notes: "first" } } }));
    expect(saved.value).toMatchObject({ revision: 2, notes: "first" });
    const stale = await as("officer@tsubame.example", (ctx) => updateDisclosure({ ctx, input: { id, revision: 1, changes: { notes: "second" } } }));
    expect(stale.error).toBeInstanceOf(StaleRevisionError);
    expect((stale.error as StaleRevisionError).current).toMatchObject({ revision: 2, notes: "first" });
    expect(stale.events).toHaveLength(0);
  });

  it("is invisible to agency staff while a draft, and to another company always (404, audited)", async () => {
    const reviewer = await as("reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id } }));
    expect(reviewer.error).toBeInstanceOf(NotFoundError);
    // Each refusal is recorded against the company whose disclosure it is, learnt outside the walls that hid it.
    expect(reviewer.events).toMatchObject([{ action: "access.denied", targetOrgId: demoOrgIds.tsubame, details: { attempted: "disclosure.read", reason: "outside_assignment" } }]);
    const other = await as("officer@aoba.example", (ctx) => getDisclosure({ ctx, input: { id } }));
    expect(other.error).toBeInstanceOf(NotFoundError);
    expect(other.events).toMatchObject([{ action: "access.denied", targetOrgId: demoOrgIds.tsubame, details: { reason: "other_tenant" } }]);
    const none = await as("reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id: "00000000-0000-4000-8000-00000000beef" } }));
    expect(none.error).toBeInstanceOf(NotFoundError);
    expect(none.events).toMatchObject([{ action: "access.denied", targetOrgId: null, details: { reason: "no_such_disclosure" } }]);
  });

  it("refuses to submit a draft from a revision saved over since, with the newer data, creating no version", async () => {
    const stale = await as("officer@tsubame.example", (ctx) => submitDisclosure({ ctx, input: { id, revision: 1 } }));
    expect(stale.error).toBeInstanceOf(StaleRevisionError);
    expect((stale.error as StaleRevisionError).current).toMatchObject({ revision: 2, notes: "first", status: "draft" });
    expect(stale.events).toEqual([]);
    expect(await t.database.db.select().from(disclosureVersions).where(eq(disclosureVersions.disclosureId, id))).toEqual([]);
  });

  it("submits an immutable version 1, after which the draft cannot be reviewed twice into a wrong state", async () => {
    const submitted = await as("officer@tsubame.example", (ctx) => submitDisclosure({ ctx, input: { id, revision: 2 } }));
    expect(submitted.error).toBeNull();
    expect(submitted.value).toMatchObject({ status: "submitted", latestVersion: 1, editable: false, versions: [{ number: 1 }] });
    expect(submitted.events).toMatchObject([{ action: "disclosure.submit", details: { version: 1, itemCount: 1 } }]);
    const refusal = (statement: ReturnType<typeof sql>) =>
      t.database.db.execute(statement).then(
        () => "done",
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    expect(await refusal(sql`update ${exposureItems} set share_percent = 1 where disclosure_id = ${id}`)).toBe("exposure_items is immutable: UPDATE refused");
    expect(await refusal(sql`delete from ${disclosureVersions} where disclosure_id = ${id}`)).toBe("disclosure_versions is immutable: DELETE refused");
    const edit = await as("officer@tsubame.example", (ctx) => updateDisclosure({ ctx, input: { id, revision: 3, changes: { notes: "late" } } }));
    expect(edit.error).toBeInstanceOf(ConflictError);
    expect((edit.error as Error).message).toMatch(/submitted cannot be edited/);
  });

  it("lets a reviewer within assignment read it (audited with purpose) and ask for changes", async () => {
    const read = await as("reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id } }));
    expect(read.value).toMatchObject({ status: "submitted", items: [{ productCode: "permanent_magnets", sharePercent: 60 }], editable: false });
    expect(read.events).toMatchObject([{ action: "disclosure.read", purpose: "disclosure review", targetOrgId: demoOrgIds.tsubame, details: { version: 1 } }]);
    const comment = await as("reviewer@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id, review: { decision: "comment", comment: "Which plant?" } } }));
    expect(comment.value?.status).toBe("under_review");
    const changes = await as("reviewer@esb.example", (ctx) =>
      reviewDisclosure({ ctx, input: { id, review: { decision: "request_changes", comment: "Add the Vietnamese share." } } }),
    );
    expect(changes.value?.status).toBe("changes_requested");
    expect(changes.events).toMatchObject([{ action: "disclosure.review", details: { decision: "request_changes", from: "under_review", to: "changes_requested" } }]);
    const again = await as("reviewer@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id, review: { decision: "accept", comment: "" } } }));
    expect(again.error).toBeInstanceOf(ConflictError);
  });

  it("shows the company every review comment under a stable pseudonym, never the reviewer's name", async () => {
    const own = await as("officer@tsubame.example", (ctx) => getDisclosure({ ctx, input: { id } }));
    const reviewers = own.value!.reviews.map((r) => r.reviewer);
    expect(reviewers).toHaveLength(2);
    expect(new Set(reviewers).size).toBe(1);
    expect(reviewers[0]).toMatch(/^Official-[0-9A-Z]{6}$/);
    expect(JSON.stringify(own.value)).not.toContain("Mei Ito");
    expect(own.value!.editable).toBe(true);
  });

  it("keeps the company's work on an amendment from agency staff: no revision, and the last change they see stays the request for changes", async () => {
    const seenByReviewer = async () => {
      const detail = (await as("reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id } }))).value!;
      const listed = (await as("reviewer@esb.example", (ctx) => listDisclosures({ ctx, input: { limit: "100" } }))).value!.items.find((i) => i.id === id)!;
      return { revision: detail.revision, updatedAt: detail.updatedAt, listedAt: listed.updatedAt };
    };
    const before = await seenByReviewer();
    expect(before).toEqual({ revision: null, updatedAt: before.updatedAt, listedAt: before.updatedAt });
    const own = (await as("officer@tsubame.example", (ctx) => getDisclosure({ ctx, input: { id } }))).value!;
    const saved = await as("officer@tsubame.example", (ctx) => updateDisclosure({ ctx, input: { id, revision: ownRevision(own), changes: { notes: "Still checking the Vietnamese share." } } }));
    // The company sees its save; the reviewer, in the detail and in the list's order, nothing.
    expect(saved.value).toMatchObject({ revision: ownRevision(own) + 1 });
    expect(saved.value!.updatedAt > before.updatedAt).toBe(true);
    expect(await seenByReviewer()).toEqual(before);
  });

  it("takes an amendment as version 2, keeps version 1 readable, and is accepted", async () => {
    const current = (await as("officer@tsubame.example", (ctx) => getDisclosure({ ctx, input: { id } }))).value!;
    const vietnam = { ...magnets, supplierCountry: "VN", sharePercent: 40 };
    await as("officer@tsubame.example", (ctx) => updateDisclosure({ ctx, input: { id, revision: ownRevision(current), changes: { items: [magnets, vietnam] } } }));
    const v2 = await as("officer@tsubame.example", (ctx) => submitDisclosure({ ctx, input: { id } }));
    expect(v2.value).toMatchObject({ status: "submitted", latestVersion: 2 });
    // A submission is agency staff's to see: the last change they see is it.
    expect((await as("reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id } }))).value!.updatedAt).toBe(v2.value!.updatedAt);
    const v1 = await as("reviewer@esb.example", (ctx) => getDisclosureVersion({ ctx, input: { id, number: 1 } }));
    expect(v1.value?.items).toHaveLength(1);
    expect(v1.events).toMatchObject([{ action: "disclosure.read", details: { version: 1 } }]);
    // A decision made on the page of version 1, still open: refused, nothing written, to read version 2 first.
    const stale = await as("reviewer@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id, review: { decision: "accept", comment: "", version: 1 } } }));
    expect(stale.error).toMatchObject({ messageKey: "disclosureVersionChanged", messageValues: { version: 2 } });
    expect(stale.events).toEqual([]);
    // A version that was never submitted is no stale read: bad input, on the field.
    const unknown = await as("reviewer@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id, review: { decision: "accept", comment: "", version: 3 } } }));
    expect(unknown.error).toMatchObject({ fieldErrors: [{ path: "version", message: "validation.noSuchVersion" }] });
    const accepted = await as("reviewer@esb.example", (ctx) => reviewDisclosure({ ctx, input: { id, review: { decision: "accept", comment: "", version: 2 } } }));
    expect(accepted.value?.status).toBe("accepted");
    expect(accepted.value?.reviews.at(-1)).toMatchObject({ decision: "accept", versionNumber: 2 });
    const withdraw = await as("officer@tsubame.example", (ctx) => withdrawDisclosure({ ctx, input: { id } }));
    expect(withdraw.error).toBeInstanceOf(ConflictError);
  });
});

describe("need-to-know and recusal", () => {
  it("hides a conflicted company's disclosure from reviewer2, audited as denied", async () => {
    const read = await as("reviewer2@esb.example", (ctx) => getDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH1 } }));
    expect(read.error).toBeInstanceOf(NotFoundError);
    expect(read.events).toMatchObject([
      { action: "access.denied", outcome: "denied", targetId: demoDisclosureIds.hoshinoH1, targetOrgId: demoOrgIds.hoshino, details: { reason: "conflict_of_interest" } },
    ]);
    // Hoshino sees the refused attempt in its access log, as it would a read.
    const log = await as("officer@hoshino.example", (ctx) => listAccessLog({ ctx, input: {} }));
    expect(log.value!.items.find((e) => e.id === read.events[0]!.id)).toMatchObject({ action: "access.denied", outcome: "denied", role: "agency_reviewer", target: { id: demoDisclosureIds.hoshinoH1 } });
    const queue = await as("reviewer2@esb.example", (ctx) => listDisclosures({ ctx, input: { queue: "true" } }));
    const names = queue.value!.items.map((d) => d.organisation.name.en);
    expect(names).not.toContain("Hoshino Magnetics");
    expect(names).toEqual(expect.arrayContaining(["Minato Pharma", "Kawasemi Battery"]));
  });

  it("gives each reviewer the queue of their assigned products only", async () => {
    const queue = await as("reviewer@esb.example", (ctx) => listDisclosures({ ctx, input: { queue: "true", period: "2026-H1" } }));
    expect(queue.value!.items.map((d) => d.organisation.name.en).sort()).toEqual(["Aoba Semiconductor Materials", "Hoshino Magnetics", "Kawasemi Battery", "Tsubame Robotics"]);
    const minato = await as("reviewer@esb.example", (ctx) => getDisclosure({ ctx, input: { id: demoDisclosureIds.minatoH1 } }));
    expect(minato.error).toBeInstanceOf(NotFoundError);
  });

  it("answers 404 to auditors and platform admins, and 403 to a company reviewing", async () => {
    for (const email of ["auditor@oversight.example", "admin@kakehashi.example"]) {
      const read = await as(email, (ctx) => getDisclosure({ ctx, input: { id: demoDisclosureIds.aobaH1 } }));
      expect(read.error).toBeInstanceOf(NotFoundError);
      expect(read.events).toMatchObject([{ action: "access.denied", details: { reason: "role_lacks_permission" } }]);
    }
    const review = await as("officer@aoba.example", (ctx) => reviewDisclosure({ ctx, input: { id: demoDisclosureIds.aobaH1, review: { decision: "accept", comment: "" } } }));
    expect(review.error).toBeInstanceOf(ForbiddenError);
  });

  it("lists a company's own disclosures with keyset pages and refuses a forged cursor", async () => {
    const first = await as("officer@hoshino.example", (ctx) => listDisclosures({ ctx, input: { limit: "1" } }));
    expect(first.value!.items).toHaveLength(1);
    const second = await as("officer@hoshino.example", (ctx) => listDisclosures({ ctx, input: { limit: "1", cursor: first.value!.nextCursor } }));
    expect(second.value!.items).toHaveLength(1);
    expect(second.value!.items[0]!.id).not.toBe(first.value!.items[0]!.id);
    // Hoshino has three disclosures (2025-H2, 2026-H1, 2026-H2): the third page is the last.
    const third = await as("officer@hoshino.example", (ctx) => listDisclosures({ ctx, input: { limit: "1", cursor: second.value!.nextCursor } }));
    expect(third.value!.items).toHaveLength(1);
    expect(new Set([first, second, third].map((p) => p.value!.items[0]!.id)).size).toBe(3);
    expect(third.value!.nextCursor).toBeNull();
    const forged = await as("officer@hoshino.example", (ctx) => listDisclosures({ ctx, input: { cursor: "bm90LWEtY3Vyc29y" } }));
    expect(forged.error).toBeInstanceOf(ValidationError);
  });
});

describe("row-level security, the second wall", () => {
  /**
   * Runs a query as the database would for this user's request, with no service-layer scope at all: sent
   * together with entering the wall (withRowSecurity, as the services read), then once more on its own.
   */
  async function underRowSecurity(email: string, query: ReturnType<typeof sql>, breakGlass?: string) {
    const ctx = await t.ctxFor(email);
    return t.database.db.transaction(async (tx) => {
      const sentTogether = rowsOf<{ id: string; role: string }>(
        await withRowSecurity(tx, ctx.actor!, () => tx.execute(sql`select q.id, current_user as role from (${query}) q right join (select 1) one on true`), breakGlass),
      );
      expect(sentTogether.map((r) => r.role)).toContain("app_rls");
      const [who] = rowsOf<{ role: string }>(await tx.execute(sql`select current_user as role`));
      expect(who?.role).toBe("app_rls");
      const rows = rowsOf<{ id: string }>(await tx.execute(query));
      expect(sentTogether.filter((r) => r.id !== null).map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
      return rows;
    });
  }

  it("runs the statement sent together with entering behind the wall, even one that reaches the driver as fast", async () => {
    const ctx = await t.ctxFor("officer@aoba.example");
    const seen = await t.database.db.transaction((tx) =>
      withRowSecurity(tx, ctx.actor!, () =>
        tx
          .select({ role: sql<string>`current_user`, hoshino: sql<number>`(select count(*)::int from ${disclosures} where organisation_id = ${demoOrgIds.hoshino})` })
          .from(sql`(select 1) as probe`)
          .prepare("wall_probe")
          .execute(),
      ),
    );
    expect(seen).toEqual([{ role: "app_rls", hoshino: 0 }]);
  });

  it("stops a cross-tenant read even when the service check is skipped", async () => {
    const hoshino = sql`select id from ${disclosures} where organisation_id = ${demoOrgIds.hoshino}`;
    expect(rowsOf(await t.database.db.execute(hoshino))).toHaveLength(3); // there is data to leak
    expect(await underRowSecurity("officer@aoba.example", hoshino)).toHaveLength(0);
    expect(await underRowSecurity("officer@aoba.example", sql`select id from ${exposureItems} where organisation_id = ${demoOrgIds.hoshino}`)).toHaveLength(0);
    expect(await underRowSecurity("officer@hoshino.example", hoshino)).toHaveLength(3);
  });

  it("keeps drafts, conflicted companies and unassigned products from agency staff, and everything from auditors", async () => {
    const hoshino = sql`select id from ${disclosures} where organisation_id = ${demoOrgIds.hoshino}`;
    expect((await underRowSecurity("reviewer@esb.example", hoshino)).map((r) => r.id).sort()).toEqual([demoDisclosureIds.hoshinoH1, demoDisclosureIds.hoshinoPrev]);
    expect(await underRowSecurity("reviewer2@esb.example", hoshino)).toHaveLength(0);
    expect(await underRowSecurity("reviewer@esb.example", sql`select id from ${disclosures} where organisation_id = ${demoOrgIds.minato}`)).toHaveLength(0);
    expect(await underRowSecurity("auditor@oversight.example", sql`select id from ${disclosures}`)).toHaveLength(0);
    expect(await underRowSecurity("admin@kakehashi.example", sql`select id from ${exposureItems}`)).toHaveLength(0);
  });
});
