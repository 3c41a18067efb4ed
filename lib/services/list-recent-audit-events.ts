import { desc, eq } from "drizzle-orm";
import { auditEvents, users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { readingAuditLog } from "./internal/audit-events";
import { withTx } from "./transaction";

/** The newest audit events, for the auditor's dashboard: a search without filters, recorded as one. */
export async function listRecentAuditEvents({ ctx, input }: ServiceCall<{ limit: number }>) {
  return withTx(ctx, async (tx) => {
    requirePermission(ctx, "audit.read", undefined, { hidden: true });
    const limit = Math.min(Math.max(input.limit, 1), 200);
    const events = await readingAuditLog(ctx, tx, (reader) =>
      reader
        .select({
          id: auditEvents.id,
          occurredAt: auditEvents.occurredAt,
          actorEmail: users.email,
          actorRole: auditEvents.actorRole,
          action: auditEvents.action,
          targetType: auditEvents.targetType,
          targetId: auditEvents.targetId,
          outcome: auditEvents.outcome,
          purpose: auditEvents.purpose,
        })
        .from(auditEvents)
        .leftJoin(users, eq(users.id, auditEvents.actorUserId))
        .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
        .limit(limit),
    );
    await emit(tx, ctx, { action: "audit.search", outcome: "allowed", details: { filters: {}, limit, continued: false, results: events.length } });
    return events;
  });
}
