import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { advisories, advisoryRevisions } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { createAdvisorySchema, type Advisory, type CreateAdvisoryInput } from "@/lib/schemas/advisory";
import type { ServiceCall } from "./context";
import { ValidationError } from "./errors";
import { parseInput, type Input } from "./input";
import { advisoryView, checkNamedCompanies } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";

/** Agency staff draft an advisory (revision 1); it reaches no one until another official approves it. */
export async function createAdvisory({ ctx, input: raw }: ServiceCall<Input<CreateAdvisoryInput>>): Promise<Advisory> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "advisory.draft");
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const input = parseInput(createAdvisorySchema, raw);
    await checkNamedCompanies(tx, input.targets);
    if (input.supersedes) {
      const [old] = await tx
        .select({ id: advisories.id })
        .from(advisories)
        .where(and(eq(advisories.id, input.supersedes), eq(advisories.agencyId, actor.orgId), eq(advisories.status, "published")));
      if (!old) throw new ValidationError([{ path: "supersedes", message: "advisories.validation.supersedes" }]);
    }
    const [seq] = rowsOf<{ n: string; year: string }>(
      await tx.execute(sql`select nextval('advisory_reference_seq')::text as n, to_char(now() at time zone 'Asia/Tokyo', 'YYYY') as year`),
    );
    const [row] = await tx
      .insert(advisories)
      .values({
        agencyId: actor.orgId,
        reference: `KH-ADV-${seq!.year}-${seq!.n.padStart(4, "0")}`,
        supersedesId: input.supersedes ?? null,
        createdBy: actor.userId,
      })
      .returning();
    await tx.insert(advisoryRevisions).values({
      advisoryId: row!.id,
      number: 1,
      title: input.title,
      summary: input.summary,
      body: input.body,
      severity: input.severity,
      tlp: input.tlp,
      targets: input.targets,
      authorId: actor.userId,
      editors: [actor.userId],
    });
    await emit(tx, ctx, {
      action: "advisory.create",
      outcome: "allowed",
      target: { type: "advisory", id: row!.id, orgId: actor.orgId },
      details: { revision: 1, severity: input.severity, tlp: input.tlp, ...(input.supersedes ? { supersedes: input.supersedes } : {}) },
    });
    return advisoryView(tx, actor, row!);
  });
}
