import { eq, sql } from "drizzle-orm";
import { advisories, advisoryRevisions } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { Advisory, ReviseAdvisoryInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { advisoryView, checkNamedCompanies, findAgencyAdvisory, findRevision, notAllowed } from "./internal/advisories";
import { withTx } from "./transaction";

/**
 * Starts the next revision of a published advisory as a draft. Companies keep reading the published
 * revision until the new one is approved; then every company it was delivered to is told.
 */
export async function reviseAdvisory({ ctx, input }: ServiceCall<{ id: string; revision: ReviseAdvisoryInput }>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: input.id });
    const row = await findAgencyAdvisory(tx, actor, input.id, "advisory.revise", { lock: true });
    const current = await findRevision(tx, row.id, row.currentRevision);
    if (row.status !== "published" || current.state !== "published") throw notAllowed(row, current, "revised");
    await checkNamedCompanies(tx, input.revision.targets);
    const number = row.currentRevision + 1;
    const { changeSummary, ...content } = input.revision;
    await tx.insert(advisoryRevisions).values({ advisoryId: row.id, number, ...content, changeSummary, authorId: actor.userId });
    const [saved] = await tx
      .update(advisories)
      .set({ currentRevision: number, version: row.version + 1, updatedAt: sql`now()` })
      .where(eq(advisories.id, row.id))
      .returning();
    await emit(tx, ctx, { action: "advisory.revise", outcome: "allowed", target: { type: "advisory", id: row.id, orgId: row.agencyId }, details: { revision: number } });
    return advisoryView(tx, actor, saved!);
  });
}
