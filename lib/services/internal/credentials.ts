import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { apiTokens, users, userSessions } from "@/db/schema";

/** What admitted the request that is about to issue a new credential. */
export interface Admitted {
  userId: string;
  /** The password hash checked (a sign-in): it must still be the account's. */
  passwordHash?: string | null;
  /** The session the request came with: it must still be open. */
  sessionId?: string;
  /** The API token the request came with: it must still be live. */
  tokenId?: string;
}

/**
 * Before a session or an API token is issued: holds the user's row for the rest of the transaction and
 * answers whether what admitted the request still stands — the account not disabled, its password the
 * one checked, the session or token the request came with still open. A password change, a reset and a
 * disabling each update that row before ending sessions and revoking tokens, so either they wait for this
 * transaction (and then end what it issued) or it waits for them (and then sees what they changed): a
 * credential issued beside them never outlives them.
 */
export async function admittedStillStands(tx: Executor, admitted: Admitted): Promise<boolean> {
  // FOR SHARE waits for a change in progress and then reads the row as committed.
  // The digest only where a sign-in asks (outside the wall: behind it app_rls may not read it, migration 0049).
  const [user] = await tx
    .select({ disabledAt: users.disabledAt, ...(admitted.passwordHash !== undefined ? { passwordHash: users.passwordHash } : {}) })
    .from(users)
    .where(eq(users.id, admitted.userId))
    .for("share");
  if (!user || user.disabledAt !== null) return false;
  if (admitted.passwordHash !== undefined && user.passwordHash !== admitted.passwordHash) return false;
  // Statements of their own, so their snapshots are taken after any wait above: they see sessions ended or tokens revoked by the change waited for.
  if (admitted.sessionId && !(await stillOpen(tx, userSessions, admitted.sessionId, admitted.userId))) return false;
  if (admitted.tokenId && !(await stillOpen(tx, apiTokens, admitted.tokenId, admitted.userId))) return false;
  return true;
}

/** Whether the user's session or API token `id` is still open: neither revoked nor expired. */
async function stillOpen(tx: Executor, credentials: typeof userSessions | typeof apiTokens, id: string, userId: string): Promise<boolean> {
  const [open] = await tx
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.id, id), eq(credentials.userId, userId), isNull(credentials.revokedAt), gt(credentials.expiresAt, sql`now()`)));
  return open !== undefined;
}
