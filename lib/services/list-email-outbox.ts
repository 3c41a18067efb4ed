import { count, desc, eq, sql } from "drizzle-orm";
import { emailCancelReasons, emailOutbox, emailStates, type EmailCancelReason, type EmailState } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { iso } from "./internal/advisories";
import { withTx } from "./transaction";

export interface OutboxEntry {
  id: string;
  kind: string;
  to: string;
  subject: string;
  state: EmailState;
  /** Pending after at least one failed attempt. */
  retrying: boolean;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** Why a cancelled message was not sent. */
  cancelReason: EmailCancelReason | null;
  sentAt: string | null;
  transport: string | null;
  createdAt: string;
}

export interface OutboxView {
  counts: Record<EmailState, number>;
  entries: OutboxEntry[];
}

/**
 * The email outbox for platform admins: how many messages are pending, sent, failed and cancelled, and the newest
 * ones with their state, attempts and last error. Never the message bodies (an invitation's link is the
 * recipient's alone).
 */
export async function listEmailOutbox({ ctx, input }: ServiceCall<{ state?: EmailState; limit?: number }>): Promise<OutboxView> {
  return withTx(ctx, async (tx) => {
    requirePermission(ctx, "notification.read_outbox", undefined, { hidden: true });
    const grouped = await tx.select({ state: emailOutbox.state, n: count() }).from(emailOutbox).groupBy(emailOutbox.state);
    const counts = Object.fromEntries(emailStates.map((s) => [s, Number(grouped.find((g) => g.state === s)?.n ?? 0)])) as Record<EmailState, number>;
    const rows = await tx
      .select()
      .from(emailOutbox)
      .where(input.state ? eq(emailOutbox.state, input.state) : sql`true`)
      .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
      .limit(Math.min(input.limit ?? 100, 500));
    return {
      counts,
      entries: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        to: r.toAddress,
        subject: r.subject,
        state: r.state,
        retrying: r.state === "pending" && r.attempts > 0,
        attempts: r.attempts,
        maxAttempts: r.maxAttempts,
        nextAttemptAt: r.state === "pending" ? iso(r.nextAttemptAt) : null,
        lastError: r.state === "cancelled" ? null : r.lastError,
        cancelReason: r.state === "cancelled" ? (emailCancelReasons.find((c) => c === r.lastError) ?? null) : null,
        sentAt: iso(r.sentAt),
        transport: r.transport,
        createdAt: iso(r.createdAt)!,
      })),
    };
  });
}
