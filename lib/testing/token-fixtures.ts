import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { apiTokens } from "@/db/schema";

// Test support only: an API token written straight into the table, with the times a test needs. Its
// digest is random, so no secret exists that could use it.

export interface CraftedToken {
  userId: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt?: Date | null;
}

export async function insertCraftedToken(db: Db, token: CraftedToken) {
  const secretHash = randomBytes(32).toString("hex");
  const [row] = await db
    .insert(apiTokens)
    .values({ ...token, prefix: `khk_${secretHash.slice(0, 8)}`, secretHash })
    .returning();
  return row!;
}
