import { and, eq } from "drizzle-orm";
import { productAssignments } from "@/db/schema";
import type { TestDatabase } from "./test-database";

/** The demo approver, who is assigned every product. */
export const APPROVER_ID = "00000000-0000-4000-9000-000000000013";
export const BREAK_GLASS_JUSTIFICATION = "Suspected diversion of beta-lactam intermediates, ticket ESB-2026-114.";

/** Takes antimicrobials from the demo approver, so that Minato Pharma's disclosures lie outside their assignment. */
export async function minatoOutsideApprover(t: TestDatabase): Promise<void> {
  await t.database.db.delete(productAssignments).where(and(eq(productAssignments.userId, APPROVER_ID), eq(productAssignments.productCode, "antimicrobials")));
}
