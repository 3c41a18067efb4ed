import { and, eq, isNull, sql } from "drizzle-orm";
import { userSessions } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";

/** Signs out: closes the server-side session and records it. Closing an already closed session changes nothing. */
export async function endSession({ ctx, input }: ServiceCall<{ sessionId: string; userId: string }>): Promise<void> {
  await withTx(ctx, async (tx) => {
    const closed = await tx
      .update(userSessions)
      .set({ revokedAt: sql`now()`, revokedReason: "sign_out" })
      .where(and(eq(userSessions.id, input.sessionId), eq(userSessions.userId, input.userId), isNull(userSessions.revokedAt)))
      .returning({ id: userSessions.id });
    if (closed.length === 0) return;
    await emit(tx, ctx, {
      action: "auth.sign_out",
      outcome: "allowed",
      target: { type: "user", id: input.userId, orgId: ctx.actor?.orgId },
      details: { sessionId: input.sessionId },
    });
  });
}
