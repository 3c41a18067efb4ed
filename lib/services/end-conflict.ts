import { eq } from "drizzle-orm";
import { z } from "zod";
import { conflictDeclarations } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { ConflictError, NotFoundError, withDenial } from "./errors";
import { withTx } from "./transaction";
import { conflictStanding, endedAsOfToday } from "./internal/conflicts";
import { serviceMessage } from "./messages";
import { enterRowSecurity } from "./internal/row-security";

/**
 * A platform admin ends a declaration: in force until yesterday, so that it no longer applies today; one
 * that begins today or later is cancelled, so that it never applies. One already ended or cancelled is
 * refused (409) and nothing is written. Agency staff cannot lift their own recusal.
 */
export async function endConflict({ ctx, input }: ServiceCall<{ conflictId: string }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "conflict.manage", { type: "conflict_declaration", id: input.conflictId });
    await enterRowSecurity(tx, actor);
    // Locked: of two admins ending it at once, the second finds it ended.
    const [found] = z.uuid().safeParse(input.conflictId).success
      ? await tx
          .select({ userId: conflictDeclarations.userId, companyId: conflictDeclarations.companyId, standing: conflictStanding })
          .from(conflictDeclarations)
          .where(eq(conflictDeclarations.id, input.conflictId))
          .for("update")
      : [];
    if (!found) {
      throw withDenial(new NotFoundError(serviceMessage("noConflict")), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "conflict_declaration", id: input.conflictId },
        details: { attempted: "conflict.end", reason: "not_in_scope" },
      });
    }
    if (found.standing !== "open") throw new ConflictError(serviceMessage("conflictAlreadyEnded"));
    const [row] = await tx
      .update(conflictDeclarations)
      .set({ validUntil: endedAsOfToday })
      .where(eq(conflictDeclarations.id, input.conflictId))
      .returning({ validUntil: conflictDeclarations.validUntil });
    await emit(tx, ctx, {
      action: "conflict.end",
      outcome: "allowed",
      target: { type: "conflict_declaration", id: input.conflictId, orgId: found.companyId },
      details: { userId: found.userId, companyId: found.companyId, validUntil: String(row!.validUntil) },
    });
  });
}
