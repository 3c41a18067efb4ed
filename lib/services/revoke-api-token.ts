import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { apiTokens, memberships } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { NotFoundError, withDenial } from "./errors";
import { serviceMessage } from "./messages";
import { enterRowSecurity } from "./internal/row-security";

/** Revokes a token of the caller's company; it stops working at its next use. */
export async function revokeApiToken({ ctx, input }: ServiceCall<{ tokenId: string }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "api_token.manage_company", { type: "api_token", id: input.tokenId });
    await enterRowSecurity(tx, actor);
    const wellFormed = z.uuid().safeParse(input.tokenId).success;
    const owned = tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(eq(memberships.organisationId, actor.orgId));
    const revoked = wellFormed
      ? await tx
          .update(apiTokens)
          .set({ revokedAt: sql`now()` })
          .where(and(eq(apiTokens.id, input.tokenId), isNull(apiTokens.revokedAt), sql`${apiTokens.userId} in ${owned}`))
          .returning({ id: apiTokens.id })
      : [];
    if (revoked.length === 0) {
      throw withDenial(new NotFoundError(serviceMessage("noActiveToken")), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "api_token", id: input.tokenId },
        details: { attempted: "api_token.revoke", reason: "not_in_scope_or_inactive" },
      });
    }
    await emit(tx, ctx, {
      action: "api_token.revoke",
      outcome: "allowed",
      target: { type: "api_token", id: input.tokenId, orgId: actor.orgId },
      details: {},
    });
  });
}
