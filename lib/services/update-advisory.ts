import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { advisories, advisoryRevisions } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { updateAdvisorySchema, type Advisory, type UpdateAdvisoryInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { StaleRevisionError } from "./errors";
import { claimedId, parseCall, parseInput, type Input } from "./input";
import { advisoryView, checkNamedCompanies, findAgencyAdvisory, findRevision, notAllowed } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

const callSchema = z.object({ id: z.string(), version: z.number().int().min(0).optional(), changes: z.unknown() });

/**
 * Edits the working revision while it is a draft; with `version`, a save over someone else's is refused (409).
 * Whoever saves joins the revision's editors, none of whom may approve it.
 */
export async function updateAdvisory({ ctx, input: raw }: ServiceCall<Input<{ id: string; version?: number; changes: UpdateAdvisoryInput }>>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft", { type: "advisory", id: claimedId(raw) });
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const row = await findAgencyAdvisory(tx, actor, claimedId(raw), "advisory.update", { lock: true });
    // The input is checked once the advisory is known to be the caller's agency's.
    const input = parseCall(callSchema, raw);
    const changes = parseInput(updateAdvisorySchema, input.changes);
    const revision = await findRevision(tx, row.id, row.currentRevision);
    if (revision.state !== "draft" || row.status === "withdrawn" || row.status === "superseded") throw notAllowed(row, revision, "edited");
    if (input.version !== undefined && input.version !== row.version) throw new StaleRevisionError(await advisoryView(tx, actor, row));
    if (changes.targets) await checkNamedCompanies(tx, changes.targets);
    const changed = Object.entries(changes)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k);
    await tx
      .update(advisoryRevisions)
      // The one who saved is one of the revision's writers from now on, so may not approve it.
      .set({ ...changes, editors: revision.editors.includes(actor.userId) ? revision.editors : [...revision.editors, actor.userId], updatedAt: sql`now()` })
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
