import { requirePermission } from "@/lib/authz/policy";
import type { AuditEventRecord } from "@/lib/schemas/audit-search";
import type { ServiceCall } from "./context";
import { NotFoundError } from "./errors";
import { selectAuditEvent } from "./internal/audit-events";
import { withTx } from "./transaction";
import { serviceMessage } from "./messages";

const EVENT_ID = /^[1-9]\d{0,15}$/;

/** One audit event by its id (a positive integer), for auditors only; anything else answers 404. */
export async function getAuditEvent({ ctx, input }: ServiceCall<{ id: string }>): Promise<AuditEventRecord> {
  return withTx(ctx, async (tx) => {
    const wellFormed = EVENT_ID.test(input.id) && Number.isSafeInteger(Number(input.id));
    requirePermission(ctx, "audit.read", wellFormed ? { type: "audit_event", id: input.id } : undefined, { hidden: true });
    const event = wellFormed ? await selectAuditEvent(tx, Number(input.id)) : null;
    if (!event) throw new NotFoundError(serviceMessage("noAuditEvent"));
    return event;
  });
}
