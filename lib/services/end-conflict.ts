import { and, eq, isNull, or, sql, gte } from "drizzle-orm";
import { z } from "zod";
import { conflictDeclarations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { NotFoundError, withDenial } from "./errors";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

/**
 * A platform admin ends a declaration in force: it applies until yesterday (or, declared today, until
 * the end of today). Agency staff cannot lift their own recusal.
 */
export async function endConflict({ ctx, input }: ServiceCall<{ conflictId: string }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    requirePermission(ctx, "conflict.manage", { type: "conflict_declaration", id: input.conflictId });
    const ended = z.uuid().safeParse(input.conflictId).success
      ? await tx
          .update(conflictDeclarations)
          .set({ validUntil: sql`greatest(tokyo_today() - 1, ${conflictDeclarations.validFrom})` })
          .where(
            and(
              eq(conflictDeclarations.id, input.conflictId),
              or(isNull(conflictDeclarations.validUntil), gte(conflictDeclarations.validUntil, sql`tokyo_today()`)),
            ),
          )
          .returning({ userId: conflictDeclarations.userId, companyId: conflictDeclarations.companyId, validUntil: conflictDeclarations.validUntil })
      : [];
    const row = ended[0];
    if (!row) {
      throw withDenial(new NotFoundError(serviceMessage("noConflictInForce")), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "conflict_declaration", id: input.conflictId },
        details: { attempted: "conflict.end", reason: "not_in_scope_or_ended" },
      });
    }
    await emit(tx, ctx, {
      action: "conflict.end",
      outcome: "allowed",
      target: { type: "conflict_declaration", id: input.conflictId, orgId: row.companyId },
      details: { userId: row.userId, companyId: row.companyId, validUntil: String(row.validUntil) },
    });
  });
}
