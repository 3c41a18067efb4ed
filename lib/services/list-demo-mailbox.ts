import { desc, sql } from "drizzle-orm";
import { emailOutbox } from "@/db/schema";
import type { ServiceCall } from "./context";
import { isDemoMode } from "./list-demo-sign-in-codes";

/**
 * The demo's mailbox: the newest messages in the email outbox with their bodies, so that a newcomer
 * can follow an invitation or reset link without a mail server. Only when the server runs the demo;
 * in production it answers nothing, whatever it is asked.
 */
export async function listDemoMailbox({ ctx, input }: ServiceCall<{ to?: string }>, env: Record<string, string | undefined> = process.env) {
  if (!isDemoMode(env)) return [];
  return ctx.db
    .select({ id: emailOutbox.id, to: emailOutbox.toAddress, subject: emailOutbox.subject, text: emailOutbox.textBody, state: emailOutbox.state, createdAt: emailOutbox.createdAt })
    .from(emailOutbox)
    .where(input.to ? sql`lower(${emailOutbox.toAddress}) = lower(${input.to.trim()})` : undefined)
    .orderBy(desc(emailOutbox.createdAt), desc(emailOutbox.id))
    .limit(50);
}
