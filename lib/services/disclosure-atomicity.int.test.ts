import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { hoshinoDisclosures, magnetExposure } from "@/lib/testing/disclosure-fixtures";
import { recordAgain, refuseToRecord } from "@/lib/testing/refuse-audit";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "./context";
import { createDisclosure } from "./create-disclosure";
import { getDisclosure } from "./get-disclosure";
import { openDisclosureBreakGlass } from "./open-disclosure-break-glass";
import { reviewDisclosure } from "./review-disclosure";
import { submitDisclosure } from "./submit-disclosure";
import { updateDisclosure } from "./update-disclosure";
import { withdrawDisclosure } from "./withdraw-disclosure";

// Every disclosure change commits with its audit event or not at all, and no read is answered unless
// its access is on the record: with the audit insert of one action refused by the database, each
// operation fails and leaves every disclosure table as it was.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await recordAgain(t.database);
});
afterAll(async () => {
  await t?.close();
});

/** Everything the disclosure tables hold about one disclosure, as text. */
async function stateOf(id: string): Promise<string> {
  const [row] = rowsOf<{ state: string }>(
    await t.database.db.execute(sql`select json_build_object(
        'disclosure', (select row_to_json(d) from disclosures d where d.id = ${id}),
        'versions', (select json_agg(v order by v.number) from disclosure_versions v where v.disclosure_id = ${id}),
        'items', (select count(*) from exposure_items i join disclosure_versions v on v.id = i.version_id where v.disclosure_id = ${id}),
        'workingCopy', (select row_to_json(w) from disclosure_working_copies w where w.disclosure_id = ${id}),
        'reviews', (select json_agg(r order by r.created_at) from disclosure_reviews r where r.disclosure_id = ${id})
      )::text as state`),
  );
  return row!.state;
}

const disclosureIn = hoshinoDisclosures(() => t, 2400);

const causes = (error: unknown): string => (error instanceof Error ? `${error.message} ${causes(error.cause)}` : "");

const cases: { name: string; action: string; state: "draft" | "submitted" | "changes_requested"; as: string; run: (ctx: RequestContext, d: { id: string; revision: number }) => Promise<unknown> }[] = [
  { name: "saving a draft", action: "disclosure.update", state: "draft", as: "officer@hoshino.example", run: (ctx, d) => updateDisclosure({ ctx, input: { id: d.id, revision: d.revision, changes: { notes: "lost" } } }) },
  {
    name: "amending after a request for changes (the working copy)",
    action: "disclosure.update",
    state: "changes_requested",
    as: "officer@hoshino.example",
    run: (ctx, d) => updateDisclosure({ ctx, input: { id: d.id, revision: d.revision, changes: { notes: "lost amendment", items: [{ ...magnetExposure, sharePercent: 40 }] } } }),
  },
  { name: "submitting", action: "disclosure.submit", state: "draft", as: "officer@hoshino.example", run: (ctx, d) => submitDisclosure({ ctx, input: { id: d.id, revision: d.revision } }) },
  { name: "withdrawing", action: "disclosure.withdraw", state: "submitted", as: "officer@hoshino.example", run: (ctx, d) => withdrawDisclosure({ ctx, input: { id: d.id } }) },
  ...(["comment", "request_changes", "accept"] as const).map((decision) => ({
    name: `a review (${decision})`,
    action: "disclosure.review",
    state: "submitted" as const,
    as: "reviewer@esb.example",
    run: (ctx: RequestContext, d: { id: string }) => reviewDisclosure({ ctx, input: { id: d.id, review: { decision, comment: "Never recorded." } } }),
  })),
  { name: "an official's read", action: "disclosure.read", state: "submitted", as: "reviewer@esb.example", run: (ctx, d) => getDisclosure({ ctx, input: { id: d.id } }) },
  {
    name: "a break-glass read",
    action: "disclosure.read",
    state: "submitted",
    as: "approver@esb.example",
    run: (ctx, d) => openDisclosureBreakGlass({ ctx, input: { id: d.id, justification: "An urgent supply question from the minister's office." } }),
  },
];

describe(`disclosure changes and their audit events on ${testDatabaseKind()}`, () => {
  for (const c of cases) {
    it(`${c.name}: fails when ${c.action} cannot be recorded, and leaves nothing behind`, async () => {
      const d = await disclosureIn(c.state);
      const before = await stateOf(d.id);
      await refuseToRecord(t.database, c.action);
      const error = await c.run(await t.ctxFor(c.as), d).then(
        () => null,
        (e: unknown) => e,
      );
      expect(causes(error)).toMatch(/audit store unavailable \(test\)/);
      expect(await stateOf(d.id)).toBe(before);
    });
  }

  it("creating a draft: fails when disclosure.create cannot be recorded, and no draft is left for the period", async () => {
    const period = "2399-H1";
    await refuseToRecord(t.database, "disclosure.create");
    const error = await createDisclosure({ ctx: await t.ctxFor("officer@hoshino.example"), input: { reportingPeriod: period, items: [magnetExposure] } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(causes(error)).toMatch(/audit store unavailable \(test\)/);
    const [left] = rowsOf<{ n: number | string }>(await t.database.db.execute(sql`select count(*) as n from disclosures where reporting_period = ${period}`));
    expect(Number(left!.n)).toBe(0);
  });
});
