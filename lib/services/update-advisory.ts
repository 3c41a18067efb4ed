import { and, eq, sql } from "drizzle-orm";
import { advisories, advisoryRevisions } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { Advisory, UpdateAdvisoryInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { StaleRevisionError } from "./errors";
import { advisoryView, checkNamedCompanies, findAgencyAdvisory, findRevision, notAllowed } from "./internal/advisories";
import { withTx } from "./transaction";

/** Edits the working revision while it is a draft; with `version`, a save over someone else's is refused (409). */
export async function updateAdvisory({ ctx, input }: ServiceCall<{ id: string; version?: number; changes: UpdateAdvisoryInput }>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: input.id });
    const row = await findAgencyAdvisory(tx, actor, input.id, "advisory.update", { lock: true });
    const revision = await findRevision(tx, row.id, row.currentRevision);
    if (revision.state !== "draft" || row.status === "withdrawn" || row.status === "superseded") throw notAllowed(row, revision, "edited");
    if (input.version !== undefined && input.version !== row.version) throw new StaleRevisionError(await advisoryView(tx, actor, row));
    const { changes } = input;
    if (changes.targets) await checkNamedCompanies(tx, changes.targets);
    const changed = Object.entries(changes)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    await tx
      .update(advisoryRevisions)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(and(eq(advisoryRevisions.advisoryId, row.id), eq(advisoryRevisions.number, revision.number)));
    const [saved] = await tx
      .update(advisories)
      .set({ version: row.version + 1, updatedAt: sql`now()` })
      .where(eq(advisories.id, row.id))
      .returning();
    await emit(tx, ctx, {
      action: "advisory.update",
      outcome: "allowed",
      target: { type: "advisory", id: row.id, orgId: row.agencyId },
      details: { revision: revision.number, changed },
    });
    return advisoryView(tx, actor, saved!);
  });
}
