import type { Executor } from "@/db/client";
import { emailOutbox } from "@/db/schema";
import { outboxConfig } from "./config";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What kind of message this is (`advisory.published`, `account.invitation`…), shown on the outbox page. */
  kind: string;
  /** What it is about, for people reading the outbox: ids and numbers, never secrets. */
  reference?: Record<string, string | number>;
}

/**
 * Puts messages in the outbox inside the caller's transaction: they are sent (by the outbox worker on the
 * job queue) only if the change they report commits, and none is lost if the mail server is down.
 * Returns the outbox ids, in order.
 */
export async function enqueueEmails(tx: Executor, emails: readonly OutgoingEmail[], env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (emails.length === 0) return [];
  const { maxAttempts } = outboxConfig(env);
  const rows = await tx
    .insert(emailOutbox)
    .values(
      emails.map((e) => ({
        kind: e.kind,
        toAddress: e.to,
        subject: e.subject,
        textBody: e.text,
        htmlBody: e.html ?? null,
        reference: e.reference ?? {},
        maxAttempts,
      })),
    )
    .returning({ id: emailOutbox.id });
  return rows.map((r) => r.id);
}

export async function enqueueEmail(tx: Executor, email: OutgoingEmail, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const [id] = await enqueueEmails(tx, [email], env);
  return id!;
}
