import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf, type Database, type Executor } from "@/db/client";
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

/**
 * Commits `tamper` with the append-only triggers bypassed (as a superuser, or the tables' owner, could), so
 * that every later reader sees it: a pool connection, a COPY stream, a verification worker's connection.
 */
export async function commitTamper(database: Database, tamper: (tx: Executor) => Promise<unknown>): Promise<void> {
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tamper(tx);
  });
}

/** Moves every chained event from `from` on up by `by` sequence numbers, leaving room for inserted ones. */
export async function shiftSeqsFrom(tx: Executor, from: number, by: number): Promise<void> {
  await tx.execute(sql`update ${auditEvents} set seq = seq + ${by} where seq >= ${from}`);
}

/** Swaps the sequence numbers of two chained events, each keeping its own content and hash. */
export async function swapSeqs(tx: Executor, a: number, b: number): Promise<void> {
  // One statement: seq has no unique key (a partitioned table's keys must hold the partition column).
  await tx.execute(sql`update ${auditEvents} set seq = case seq when ${a} then ${b}::bigint else ${a}::bigint end where seq in (${a}, ${b})`);
}
