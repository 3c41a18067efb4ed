import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { advisories, advisoryRevisions } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { reviseAdvisorySchema, type Advisory, type ReviseAdvisoryInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { claimedId, parseCall, parseInput, type Input } from "./input";
import { advisoryView, checkNamedCompanies, findAgencyAdvisory, findRevision, notAllowed } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

const callSchema = z.object({ id: z.string(), revision: z.unknown() });

/**
 * Starts the next revision of a published advisory as a draft. Companies keep reading the published
 * revision until the new one is approved; then every company it was delivered to is told.
 */
export async function reviseAdvisory({ ctx, input: raw }: ServiceCall<Input<{ id: string; revision: ReviseAdvisoryInput }>>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: claimedId(raw) });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const row = await findAgencyAdvisory(tx, actor, claimedId(raw), "advisory.revise", { lock: true });
    // The revision is checked once the advisory is known to be the caller's agency's.
    const revision = parseInput(reviseAdvisorySchema, parseCall(callSchema, raw).revision);
    const current = await findRevision(tx, row.id, row.currentRevision);
    if (row.status !== "published" || current.state !== "published") throw notAllowed(row, current, "revised");
    await checkNamedCompanies(tx, revision.targets);
    const number = row.currentRevision + 1;
    const { changeSummary, ...content } = revision;
    await tx.insert(advisoryRevisions).values({ advisoryId: row.id, number, ...content, changeSummary, authorId: actor.userId, editors: [actor.userId] });
    const [saved] = await tx
      .update(advisories)
      .set({ currentRevision: number, version: row.version + 1, updatedAt: sql`now()` })
      .where(eq(advisories.id, row.id))
      .returning();
    await emit(tx, ctx, { action: "advisory.revise", outcome: "allowed", target: { type: "advisory", id: row.id, orgId: row.agencyId }, details: { revision: number } });
    return advisoryView(tx, actor, saved!);
  });
}
