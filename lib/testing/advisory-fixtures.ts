import { eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import { advisoryDeliveries, emailOutbox } from "@/db/schema";
import type { CreateAdvisoryInput } from "@/lib/schemas/advisory";
import { approveAdvisory } from "@/lib/services/approve-advisory";
import type { RequestContext } from "@/lib/services/context";
import { createAdvisory } from "@/lib/services/create-advisory";
import { requestAdvisoryApproval } from "@/lib/services/request-advisory-approval";
import { callAs, type TestDatabase } from "./test-database";

// What the advisory service tests share: the demo's drafter and approver, a magnets advisory, and the
// steps that bring one to approval and publication.

export const REVIEWER = "reviewer@esb.example";
export const APPROVER = "approver@esb.example";

export const magnets = (overrides: Partial<CreateAdvisoryInput> = {}): CreateAdvisoryInput => ({
  title: "Export licensing of heavy rare earths",
  summary: "Licences for dysprosium and terbium exports are being delayed.",
  body: "## What happened\n\nShipments are held at customs.\n\n## What to do\n\nReview your inventory.",
  severity: "high",
  tlp: "AMBER",
  targets: { products: ["permanent_magnets"], countries: [], organisations: [] },
  ...overrides,
});

/** The helpers of one test file's database (`database()` answers it once its beforeAll has made it). */
export function advisoryKit(database: () => TestDatabase) {
  const as = <T>(email: string, call: (ctx: RequestContext) => Promise<T>) => callAs(database(), email, call);

  /** Drafts as `author` (the reviewer) and sends for approval; returns the id. */
  async function pending(input: CreateAdvisoryInput, author = REVIEWER): Promise<string> {
    const created = await as(author, (ctx) => createAdvisory({ ctx, input }));
    expect(created.error).toBeNull();
    const requested = await as(author, (ctx) => requestAdvisoryApproval({ ctx, input: { id: created.value!.id } }));
    expect(requested.error).toBeNull();
    return created.value!.id;
  }

  async function published(input: CreateAdvisoryInput): Promise<string> {
    const id = await pending(input);
    const approved = await as(APPROVER, (ctx) => approveAdvisory({ ctx, input: { id } }));
    expect(approved.error).toBeNull();
    return id;
  }

  const deliveriesOf = (id: string) => database().database.db.select().from(advisoryDeliveries).where(eq(advisoryDeliveries.advisoryId, id));
  const emailsOf = (id: string) =>
    database()
      .database.db.select()
      .from(emailOutbox)
      .where(sql`${emailOutbox.reference}->>'advisoryId' = ${id}`);

  return { as, pending, published, deliveriesOf, emailsOf };
}
