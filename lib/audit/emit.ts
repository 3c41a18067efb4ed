import { auditEvents } from "@/db/schema";
import type { Executor } from "@/db/client";
import type { RequestContext } from "@/lib/services/context";
import { auditEventSchema, type AuditEvent } from "./events";

/**
 * Appends one audit event inside the caller's transaction, so the event and the change it records commit
 * together or not at all: if this insert fails, the caller's transaction fails with it.
 */
export async function emit(tx: Executor, ctx: RequestContext, event: AuditEvent): Promise<void> {
  const parsed = auditEventSchema.parse(event);
  const actor = ctx.actor;
  await tx.insert(auditEvents).values({
    actorUserId: actor?.userId ?? null,
    actorOrgId: actor?.orgId ?? null,
    actorRole: actor?.role ?? null,
    action: parsed.action,
    targetType: parsed.target?.type ?? null,
    targetId: parsed.target?.id ?? null,
    targetOrgId: parsed.target?.orgId ?? null,
    outcome: parsed.outcome,
    purpose: parsed.purpose ?? null,
    requestId: ctx.requestId,
    clientIp: ctx.clientIp ?? null,
    userAgent: ctx.userAgent?.slice(0, 512) ?? null,
    details: { ...parsed.details, ...(actor?.tokenId ? { viaToken: actor.tokenId } : {}) },
  });
}
