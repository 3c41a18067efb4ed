import { emit } from "@/lib/audit/emit";
import { requirePermission } from "@/lib/authz/policy";
import type { AuditEventRecord } from "@/lib/schemas/audit-search";
import type { ServiceCall } from "./context";
import { NotFoundError } from "./errors";
import { readingAuditLog, selectAuditEvent } from "./internal/audit-events";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

const EVENT_ID = /^[1-9]\d{0,15}$/;

/**
 * One audit event by its id (a positive integer), for auditors only; anything else answers 404. Opening
 * an event is recorded (`audit.event_read`, the event as target) in the same transaction.
 */
export async function getAuditEvent({ ctx, input }: ServiceCall<{ id: string }>): Promise<AuditEventRecord> {
  return withTx(ctx, async (tx) => {
    const wellFormed = EVENT_ID.test(input.id) && Number.isSafeInteger(Number(input.id));
    requirePermission(ctx, "audit.read", wellFormed ? { type: "audit_event", id: input.id } : undefined, { hidden: true });
    const event = wellFormed ? await readingAuditLog(ctx, tx, (reader) => selectAuditEvent(reader, Number(input.id))) : null;
    if (!event) throw new NotFoundError(serviceMessage("noAuditEvent"));
    await emit(tx, ctx, { action: "audit.event_read", outcome: "allowed", target: { type: "audit_event", id: String(event.id) }, details: {} });
    return event;
  });
}
