import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { keyIdOf } from "@/lib/audit/checkpoint-format";
import { emit } from "@/lib/audit/emit";
import type { SigningKey } from "@/lib/audit/signing-key";
import { withTx } from "@/lib/services/transaction";
import type { TestDatabase } from "./test-database";

// What the audit chain's test files share: a signing key of their own, events written through the
// services' own path, and a count of the chained ones.

/** The helpers of one test file's database (`database()` answers it once its beforeAll has made it). */
export function auditChainKit(database: () => TestDatabase) {
  const { privateKey } = generateKeyPairSync("ed25519");
  const publicKey = createPublicKey(privateKey);
  const key: SigningKey = { privateKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(), keyId: keyIdOf(publicKey) };
  const publicKeys = new Map([[key.keyId, key.publicKeyPem]]);

  /** `n` refusals recorded as requests record them, by two demo users in turn. */
  async function writeEvents(n: number, label: string): Promise<void> {
    for (let i = 0; i < n; i++) {
      const ctx = await database().ctxFor(i % 2 ? "reviewer@esb.example" : "officer@hoshino.example");
      await withTx(ctx, (tx) =>
        emit(tx, ctx, {
          action: "access.denied",
          outcome: "denied",
          target: { type: "company_profile", id: `${label}-${i}` },
          purpose: i % 3 ? `purpose ${i} ‘quoted’ 日本語` : undefined,
          details: { attempted: "profile.read", reason: `reason ${i}` },
        }),
      );
    }
  }

  const chainedCount = async () =>
    Number(rowsOf<{ n: string }>(await database().database.db.execute(sql`select count(*) as n from ${auditEvents} where seq is not null`))[0]!.n);

  return { key, publicKeys, writeEvents, chainedCount };
}
