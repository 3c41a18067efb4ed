import { and, eq, sql } from "drizzle-orm";
import { emailOutbox } from "@/db/schema";
import { ownRevision, type ExposureItem } from "@/lib/schemas/disclosure";
import { createDisclosure } from "@/lib/services/create-disclosure";
import { reviewDisclosure } from "@/lib/services/review-disclosure";
import { submitDisclosure } from "@/lib/services/submit-disclosure";
import type { TestDatabase } from "./test-database";

/** One exposure of Hoshino's on permanent magnets (the demo reviewer's assignment; reviewer2's conflict). */
export const magnetExposure = {
  productCode: "permanent_magnets",
  stage: "component",
  supplierCountry: "CN",
  sharePercent: 60,
  inventoryDays: 30,
  alternativeSuppliers: 1,
  singleSource: false,
} satisfies Partial<ExposureItem>;

export type FixtureState = "draft" | "submitted" | "changes_requested";

/**
 * Makes Hoshino disclosures, each for a reporting period of its own (from `fromYear` on, two a year), in the
 * state asked for: a draft; submitted by its officer; or sent back by the reviewer with a request for
 * changes. Answers its id and current revision, and the period.
 */
export function hoshinoDisclosures(t: () => TestDatabase, fromYear: number) {
  let made = 0;
  return async (state: FixtureState): Promise<{ id: string; revision: number; period: string }> => {
    made += 1;
    const period = `${fromYear + Math.floor(made / 2)}-H${(made % 2) + 1}`;
    const officer = () => t().ctxFor("officer@hoshino.example");
    const draft = await createDisclosure({ ctx: await officer(), input: { reportingPeriod: period, items: [magnetExposure] } });
    if (state === "draft") return { id: draft.id, revision: ownRevision(draft), period };
    const submitted = await submitDisclosure({ ctx: await officer(), input: { id: draft.id, revision: ownRevision(draft) } });
    if (state === "submitted") return { id: draft.id, revision: ownRevision(submitted), period };
    await reviewDisclosure({ ctx: await t().ctxFor("reviewer@esb.example"), input: { id: draft.id, review: { decision: "request_changes", comment: "Please add the lead times." } } });
    // A review leaves the working copy's revision as the submission left it.
    return { id: draft.id, revision: ownRevision(submitted), period };
  };
}

/** The emails of one kind queued about a disclosure, in address order. */
export const disclosureEmails = (t: TestDatabase, kind: string, disclosureId: string) =>
  t.database.db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.kind, kind), sql`${emailOutbox.reference}->>'disclosureId' = ${disclosureId}`))
    .orderBy(emailOutbox.toAddress);
