import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { users } from "@/db/schema";
import { enqueueEmail } from "@/lib/notifications/outbox";
import { securityNoticeEmail, type SecurityChange } from "@/lib/notifications/security-notice-email";

/**
 * Tells a user that the way they sign in changed, through the outbox, in the change's own transaction:
 * the notice goes only if the change commits, and a change cannot commit without its notice.
 */
export async function noticeSecurityChange(tx: Executor, userId: string, change: SecurityChange): Promise<void> {
  const [user] = await tx.select({ email: users.email, displayName: users.displayName, language: users.emailLocale }).from(users).where(eq(users.id, userId));
  if (user) await enqueueEmail(tx, securityNoticeEmail(change, user, new Date()));
}
