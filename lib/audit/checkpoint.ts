import { desc, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import type { RequestContext } from "@/lib/services/context";
import { emit } from "./emit";
import { CHECKPOINT_FORMAT, signCheckpoint, type Checkpoint } from "./checkpoint-format";
import { sequenceAll } from "./sequencer";
import type { SigningKey } from "./signing-key";

/** The JSON an operator keeps outside the server, with everything needed to check it later. */
export function exportCheckpoint(c: Checkpoint, key: SigningKey) {
  return { format: CHECKPOINT_FORMAT, version: 1, algorithm: "Ed25519", ...c, publicKey: c.publicKey ?? key.publicKeyPem };
}

/** A log with no chained event yet has no head to seal (a database just migrated, say). */
export class NothingToSealError extends Error {
  constructor() {
    super("the audit log has no chained events to seal yet");
  }
}

export async function latestCheckpoint(db: Executor): Promise<Checkpoint | null> {
  const [row] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
  return row ? { seq: Number(row.seq), headHash: row.headHash, createdAt: row.createdAt.toISOString(), keyId: row.keyId, signature: row.signature } : null;
}

/**
 * Chains what is pending and seals the head with a signed checkpoint, recorded in the log. When nothing
 * but the newest checkpoint's own record came after it, that checkpoint is returned and nothing is
 * written (otherwise every checkpoint would call for another). Sealers take turns (a transaction lock):
 * an auditor's seal and the periodic job at once would otherwise both seal the same head, and the second
 * fail on its key.
 */
export async function createCheckpoint(db: Executor, ctx: RequestContext, key: SigningKey): Promise<{ checkpoint: Checkpoint; created: boolean }> {
  await sequenceAll(db);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kakehashi.audit-checkpoint'))`);
    const [head] = rowsOf<{ seq: number | string; hash: string }>(
      await tx.execute(sql`select ${auditEvents.seq} as seq, ${auditEvents.hash} as hash from ${auditEvents}
        where ${auditEvents.seq} is not null order by ${auditEvents.seq} desc limit 1`),
    );
    if (!head) throw new NothingToSealError();
    const seq = Number(head.seq);
    const newest = await latestCheckpoint(tx);
    if (newest) {
      const [unsealed] = rowsOf<{ n: number | string }>(
        await tx.execute(sql`select count(*) as n from ${auditEvents}
          where ${auditEvents.seq} > ${newest.seq} and ${auditEvents.action} <> 'audit.checkpoint'`),
      );
      if (Number(unsealed?.n ?? 0) === 0) return { checkpoint: newest, created: false };
    }
    const body = { seq, headHash: head.hash, createdAt: new Date().toISOString(), keyId: key.keyId };
    const checkpoint: Checkpoint = { ...body, signature: signCheckpoint(body, key.privateKey) };
    await tx.insert(auditCheckpoints).values({ ...checkpoint, createdAt: new Date(checkpoint.createdAt) });
    await emit(tx, ctx, {
      action: "audit.checkpoint",
      outcome: "allowed",
      target: { type: "audit_checkpoint", id: String(seq) },
      details: { seq, keyId: key.keyId },
    });
    return { checkpoint, created: true };
  });
}
