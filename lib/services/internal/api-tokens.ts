import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { apiTokens } from "@/db/schema";

export const TOKEN_PREFIX = "khk_";

export function hashTokenSecret(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new token: 32 random bytes; only its SHA-256 digest is stored. The plain token is shown once. */
export async function insertApiToken(tx: Tx, userId: string, name: string, expiresInDays: number) {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await tx
    .insert(apiTokens)
    .values({
      userId,
      name,
      prefix: token.slice(0, TOKEN_PREFIX.length + 8),
      secretHash: hashTokenSecret(token),
      expiresAt: sql`now() + make_interval(days => ${expiresInDays})`,
    })
    .returning();
  return { token, row: row! };
}
