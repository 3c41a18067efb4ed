import { desc, lt, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import type { RequestContext } from "@/lib/services/context";
import { emit } from "./emit";
import { CHECKPOINT_FORMAT, signCheckpoint, verifyCheckpointSignature, type Checkpoint } from "./checkpoint-format";
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

// Stored checkpoints read at a time while looking for the newest that verifies.
const PAGE = 100;

/**
 * The newest stored checkpoint; with `publicKeyPem`, the newest whose signature verifies under that key.
 * The application's role may insert into the table, so a row there proves nothing by itself: a junk row far
 * beyond the chain must not pass for the newest seal (every later seal would answer it and seal nothing).
 */
export async function latestCheckpoint(db: Executor, publicKeyPem?: string): Promise<Checkpoint | null> {
  for (let below: number | null = null; ; ) {
    const rows = await db
      .select()
      .from(auditCheckpoints)
      .where(below === null ? undefined : lt(auditCheckpoints.seq, below))
      .orderBy(desc(auditCheckpoints.seq))
      .limit(PAGE);
    for (const row of rows) {
      const c: Checkpoint = { seq: Number(row.seq), headHash: row.headHash, createdAt: row.createdAt.toISOString(), keyId: row.keyId, signature: row.signature };
      if (publicKeyPem === undefined || verifyCheckpointSignature(c, publicKeyPem)) return c;
    }
    if (rows.length < PAGE) return null;
    below = Number(rows.at(-1)!.seq);
  }
}

/**
 * Chains what is pending and seals the head with a signed checkpoint, recorded in the log. When nothing
 * but the newest checkpoint's own record came after it, that checkpoint is returned and nothing is
 * written (otherwise every checkpoint would call for another); the newest is the newest that verifies
 * under this key, so a row that does not (a junk one, say) never passes for a seal. Sealers take turns (a
 * transaction lock, which migration 0024's trigger takes too): an auditor's seal and the periodic job at
 * once would otherwise both seal the same head, and the second fail on its key.
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
    const newest = await latestCheckpoint(tx, key.publicKeyPem);
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
