import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { copySourceFor, rowsOf, type Executor } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { auditChainKit } from "@/lib/testing/audit-chain-fixtures";
import { whileBlocked } from "@/lib/testing/while-held";
import { withTx } from "@/lib/services/transaction";
import { chainHash } from "./canonical";
import { selectChainRows } from "./chain-rows";
import { createCheckpoint, exportCheckpoint } from "./checkpoint";
import { keyIdOf, signCheckpoint, type Checkpoint } from "./checkpoint-format";
import { emit } from "./emit";
import { sequenceAll, sequencePending } from "./sequencer";
import { verifyChain, type VerificationResult, type VerifyOptions } from "./verify";
import { threadedRunner } from "./verify-threads";

let t: TestDatabase;
const { key, publicKeys, writeEvents, chainedCount } = auditChainKit(() => t);

/** Runs a tamper with the append-only triggers bypassed, verifies inside it, and rolls it all back. */
async function verifyAfterTamper(tamper: (tx: Executor) => Promise<unknown>, exported?: Checkpoint[], options: VerifyOptions = {}): Promise<VerificationResult> {
  let result: VerificationResult | undefined;
  await t.database.db
    .transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tamper(tx);
      result = await verifyChain(tx, { publicKeys, exported, ...options });
      throw new Error("rollback");
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error && error.message === "rollback")) throw error;
    });
  return result!;
}

const shiftFrom = async (tx: Executor, from: number, by: number) => {
  await tx.execute(sql`update ${auditEvents} set seq = seq + 1000000 where seq >= ${from}`);
  await tx.execute(sql`update ${auditEvents} set seq = seq - 1000000 + ${by} where seq >= 1000000`);
};

const swap = async (tx: Executor, a: number, b: number) => {
  await tx.execute(sql`update ${auditEvents} set seq = 9000000 where seq = ${a}`);
  await tx.execute(sql`update ${auditEvents} set seq = ${a} where seq = ${b}`);
  await tx.execute(sql`update ${auditEvents} set seq = ${b} where seq = 9000000`);
};

beforeAll(async () => {
  t = await createTestDatabase();
  await writeEvents(40, "base");
  await chainAll(t.database);
  expect(await chainedCount()).toBe(40);
});
afterAll(async () => {
  await t?.close();
});

describe("the hash chain", () => {
  it("verifies an untouched log, and chains each event once", async () => {
    const result = await verifyChain(t.database.db, { publicKeys });
    expect(result).toMatchObject({ ok: true, events: 40, checkedThrough: 40, pending: 0, firstBad: null });
    expect(await sequencePending(t.database.db)).toBe(0);
  });

  it("catches an edited event at its sequence number", async () => {
    const result = await verifyAfterTamper((tx) => tx.execute(sql`update ${auditEvents} set purpose = 'innocent' where seq = 5`));
    expect(result.firstBad).toMatchObject({ seq: 5, problem: "altered" });
  });

  it("catches an edit with a junk hash at the edited event", async () => {
    const result = await verifyAfterTamper((tx) =>
      tx.execute(sql`update ${auditEvents} set outcome = 'allowed', hash = repeat('a', 64) where seq = 9`),
    );
    expect(result.firstBad).toMatchObject({ seq: 9, problem: "altered" });
  });

  it("catches an edit that also recomputes the edited event's own hash, at the next event", async () => {
    const result = await verifyAfterTamper(async (tx) => {
      await tx.execute(sql`update ${auditEvents} set purpose = 'nothing to see' where seq = 9`);
      // The forger knows the encoding: event 9's hash is made right again over its new content.
      const [eighth, ninth] = await selectChainRows(tx, sql`${auditEvents.seq} in (8, 9)`, sql`${auditEvents.seq}`, 2);
      const forged = chainHash(eighth!.hash!, { ...ninth!, seq: 9 });
      await tx.execute(sql`update ${auditEvents} set hash = ${forged} where seq = 9`);
    });
    expect(result.firstBad).toMatchObject({ seq: 10, problem: "altered" });
  });

  it("catches a deleted event", async () => {
    const result = await verifyAfterTamper((tx) => tx.execute(sql`delete from ${auditEvents} where seq = 7`));
    expect(result.firstBad).toMatchObject({ seq: 7, problem: "missing" });
  });

  it("catches an inserted event", async () => {
    const result = await verifyAfterTamper(async (tx) => {
      await shiftFrom(tx, 12, 1);
      await tx.execute(sql`insert into ${auditEvents} (action, outcome, details, seq, chain_version, hash)
        values ('profile.read', 'allowed', '{}', 12, 1, repeat('b', 64))`);
    });
    expect(result.firstBad).toMatchObject({ seq: 12, problem: "altered" });
  });

  it("catches two events swapped", async () => {
    const result = await verifyAfterTamper((tx) => swap(tx, 20, 23));
    expect(result.firstBad).toMatchObject({ seq: 20, problem: "altered" });
  });

  it("catches a tail cut after an exported checkpoint, even when the stored checkpoints are gone too", async () => {
    const { checkpoint } = await createCheckpoint(t.database.db, await t.ctxFor("auditor@oversight.example"), key);
    const exported = exportCheckpoint(checkpoint, key);
    expect(exported.seq).toBeGreaterThanOrEqual(40);
    const cut = async (tx: Executor) => {
      await tx.execute(sql`delete from audit_checkpoints`);
      await tx.execute(sql`delete from ${auditEvents} where seq > ${exported.seq - 3}`);
    };
    expect((await verifyAfterTamper(cut, [exported])).firstBad).toMatchObject({ seq: exported.seq - 2, problem: "truncated" });
    // Without the copy kept outside, a cut tail is indistinguishable from a shorter log.
    expect((await verifyAfterTamper(cut)).ok).toBe(true);
  });

  it("seals a head once when two sealers meet: the second answers the first's checkpoint, not a duplicate key", async () => {
    await writeEvents(1, "seal-race");
    await chainAll(t.database);
    const ctx = await t.ctxFor("auditor@oversight.example");
    // The first seal is made and held uncommitted while the second (an auditor, say, beside the job) starts.
    const { first, second, waits } = await whileBlocked(
      t.database,
      (tx) => createCheckpoint(tx, ctx, key),
      () => createCheckpoint(t.database.db, ctx, key),
    );
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, checkpoint: { seq: first.checkpoint.seq, signature: first.checkpoint.signature } });
    // It answered so because it waited for the first's turn (the sealers' advisory lock), not because it came after.
    expect(waits).toEqual(
      testDatabaseKind() === "postgres"
        ? [expect.objectContaining({ locktype: "advisory", waitEventType: "Lock", query: expect.stringContaining("kakehashi.audit-checkpoint") })]
        : null,
    );
  });

  it("refuses a checkpoint whose signature does not verify, and one that sealed another chain", async () => {
    const { checkpoint } = await createCheckpoint(t.database.db, await t.ctxFor("auditor@oversight.example"), key);
    const forged = { ...exportCheckpoint(checkpoint, key), headHash: "c".repeat(64) };
    expect((await verifyChain(t.database.db, { publicKeys, exported: [forged] })).firstBad).toMatchObject({
      seq: checkpoint.seq,
      problem: "bad_signature",
    });
    const rewritten = await verifyAfterTamper(async (tx) => {
      // Rewrite event 3 and re-chain everything after it consistently: only the checkpoint can tell.
      await tx.execute(sql`update ${auditEvents} set purpose = 'rewritten', seq = null, hash = null, chain_version = null where seq >= 3`);
      await tx.execute(sql`set local session_replication_role = origin`);
      await sequenceAll(tx);
    });
    // Caught at the first checkpoint after the rewrite (an earlier test sealed one too).
    expect(rewritten.firstBad?.problem).toBe("checkpoint_mismatch");
    expect(rewritten.firstBad!.seq).toBeLessThanOrEqual(checkpoint.seq);
    // It says where the change may lie, after the checkpoint before that still matches: event 3 is within.
    const [, from, to] = /an event from (\d+) to (\d+) was changed/.exec(rewritten.firstBad!.detail)!.map(Number);
    expect([from! <= 3, to]).toEqual([true, rewritten.firstBad!.seq]);
  });

  it("catches every one of 100 random single tampers", async () => {
    const total = await chainedCount();
    const tamper = fc.oneof(
      fc.record({ kind: fc.constant("edit" as const), seq: fc.integer({ min: 1, max: total }), field: fc.constantFrom("purpose", "action", "target_id", "outcome", "details", "occurred_at", "actor_role") }),
      fc.record({ kind: fc.constant("delete" as const), seq: fc.integer({ min: 1, max: total - 1 }) }),
      fc.record({ kind: fc.constant("insert" as const), seq: fc.integer({ min: 1, max: total }) }),
      fc.record({ kind: fc.constant("swap" as const), seq: fc.integer({ min: 1, max: total - 1 }), gap: fc.integer({ min: 1, max: 5 }) }),
    );
    await fc.assert(
      fc.asyncProperty(tamper, async (change) => {
        const result = await verifyAfterTamper(async (tx) => {
          if (change.kind === "edit") {
            const set = {
              purpose: sql`purpose = coalesce(purpose, '') || 'x'`,
              action: sql`action = action || 'x'`,
              target_id: sql`target_id = coalesce(target_id, '') || 'x'`,
              outcome: sql`outcome = case outcome when 'denied' then 'allowed' else 'denied' end`,
              details: sql`details = details || '{"x": 1}'`,
              occurred_at: sql`occurred_at = occurred_at + interval '1 microsecond'`,
              actor_role: sql`actor_role = coalesce(actor_role, '') || '_x'`,
            }[change.field];
            await tx.execute(sql`update ${auditEvents} set ${set} where seq = ${change.seq}`);
          } else if (change.kind === "delete") {
            await tx.execute(sql`delete from ${auditEvents} where seq = ${change.seq}`);
          } else if (change.kind === "insert") {
            await shiftFrom(tx, change.seq, 1);
            await tx.execute(sql`insert into ${auditEvents} (action, outcome, details, seq, chain_version, hash)
              values ('auth.sign_in', 'allowed', '{}', ${change.seq}, 1, repeat('d', 64))`);
          } else {
            await swap(tx, change.seq, Math.min(change.seq + change.gap, total));
          }
        });
        // Every kind is caught at the event it touched first (a swap: the earlier of the two).
        return result.ok === false && result.firstBad?.seq === change.seq;
      }),
      { numRuns: Number(process.env.TAMPER_RUNS ?? 100) },
    );
  });
});

describe("checkpoints that do not verify", () => {
  const junkSignature = Buffer.alloc(64, 7).toString("base64");
  const hashAt = async (db: Executor, seq: number) =>
    rowsOf<{ hash: string }>(await db.execute(sql`select hash from ${auditEvents} where seq = ${seq}`))[0]!.hash;
  const headSeq = async () => Number(rowsOf<{ n: string }>(await t.database.db.execute(sql`select max(seq) as n from ${auditEvents}`))[0]!.n);
  const insertCheckpoint = (db: Executor, c: { seq: number; headHash: string; keyId?: string }) =>
    db.execute(sql`insert into audit_checkpoints (seq, head_hash, created_at, key_id, signature)
      values (${c.seq}, ${c.headHash}, now(), ${c.keyId ?? key.keyId}, ${junkSignature})`);
  /** The database's refusal of a statement, or "inserted". */
  const refusalOf = (p: Promise<unknown>) => p.then(() => "inserted", (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
  const rollback = (error: unknown) => {
    if (!(error instanceof Error && error.message === "rollback")) throw error;
  };

  it("still recomputes the chain past a bad signature: names altered event 3, and reports the checkpoint at 5", async () => {
    const result = await verifyAfterTamper(async (tx) => {
      await insertCheckpoint(tx, { seq: 5, headHash: await hashAt(tx, 5) });
      await tx.execute(sql`update ${auditEvents} set purpose = 'innocent' where seq = 3`);
    });
    expect(result).toMatchObject({ ok: false, firstBad: { seq: 3, problem: "altered" } });
    expect(result.badCheckpoints).toEqual([{ seq: 5, problem: "bad_signature", detail: `the checkpoint at sequence 5 (key ${key.keyId}) has no valid signature` }]);
  });

  it("holds a junk checkpoint far beyond the chain against nothing: a bad signature, not a cut tail, and the chain verified to its head", async () => {
    const head = await headSeq();
    const result = await verifyAfterTamper((tx) => insertCheckpoint(tx, { seq: 1e12, headHash: "e".repeat(64) }));
    expect(result).toMatchObject({ ok: false, events: head, checkedThrough: head, firstBad: { seq: 1e12, problem: "bad_signature" } });
    expect(result.badCheckpoints.map((b) => b.seq)).toEqual([1e12]);
  });

  it("trusts no key an exported file carries: signed with another key, it is a bad signature unless that key is given", async () => {
    const { privateKey: otherPrivate } = generateKeyPairSync("ed25519");
    const otherPublic = createPublicKey(otherPrivate);
    const other = { pem: otherPublic.export({ type: "spki", format: "pem" }).toString(), keyId: keyIdOf(otherPublic) };
    const head = await headSeq();
    const body = { seq: head, headHash: await hashAt(t.database.db, head), createdAt: new Date().toISOString(), keyId: other.keyId };
    const file: Checkpoint = { ...body, signature: signCheckpoint(body, otherPrivate), publicKey: other.pem };
    const result = await verifyChain(t.database.db, { publicKeys, exported: [file] });
    expect(result).toMatchObject({ ok: false, checkedThrough: head, firstBad: { seq: head, problem: "bad_signature", detail: expect.stringContaining("not a trusted key") } });
    // Given to the verifier (`--public-key`), the same key is trusted.
    const both = new Map([...publicKeys, [other.keyId, other.pem]]);
    expect(await verifyChain(t.database.db, { publicKeys: both, exported: [file] })).toMatchObject({ ok: true, badCheckpoints: [] });
  });

  it("seals past a junk checkpoint beyond the chain: the newest checkpoint that verifies is the one compared with", async () => {
    await writeEvents(1, "past-junk");
    // Chained now: the pass inside the transaction below may not see the event yet when another
    // transaction on the server (another test file's) began before it committed.
    await chainAll(t.database);
    const ctx = await t.ctxFor("auditor@oversight.example");
    let sealed: Awaited<ReturnType<typeof createCheckpoint>> | undefined;
    await t.database.db
      .transaction(async (tx) => {
        // As a row written before migration 0024, which refuses it now.
        await tx.execute(sql`set local session_replication_role = replica`);
        await insertCheckpoint(tx, { seq: 1e12, headHash: "e".repeat(64) });
        await tx.execute(sql`set local session_replication_role = origin`);
        sealed = await createCheckpoint(tx, ctx, key);
        throw new Error("rollback");
      })
      .catch(rollback);
    expect(sealed?.created).toBe(true);
    expect(sealed!.checkpoint.seq).toBeLessThan(1e12);
  });

  it("is refused by the database unless it seals an event the chain holds, after every checkpoint that does", async () => {
    const db = t.database.db;
    await writeEvents(1, "admission");
    const { checkpoint } = await createCheckpoint(db, await t.ctxFor("auditor@oversight.example"), key);
    await chainAll(t.database);
    const head = await headSeq();
    expect(head).toBeGreaterThan(checkpoint.seq);
    expect(await refusalOf(insertCheckpoint(db, { seq: 1e12, headHash: "e".repeat(64) }))).toBe(
      `audit checkpoint refused: the chain has no event 1000000000000 with hash ${"e".repeat(64)}`,
    );
    expect(await refusalOf(insertCheckpoint(db, { seq: head, headHash: "e".repeat(64) }))).toMatch(/^audit checkpoint refused: the chain has no event /);
    expect(await refusalOf(insertCheckpoint(db, { seq: 3, headHash: await hashAt(db, 3) }))).toBe(
      `audit checkpoint refused: sequence 3 is not after the newest checkpoint, at sequence ${checkpoint.seq}`,
    );
    expect(await refusalOf(insertCheckpoint(db, { seq: checkpoint.seq, headHash: checkpoint.headHash }))).toMatch(/is not after the newest checkpoint/);
    // The chain's head, after the newest: admitted (its signature is verification's to judge), then rolled back.
    const admitted = await db
      .transaction(async (tx) => {
        await insertCheckpoint(tx, { seq: head, headHash: await hashAt(tx, head) });
        throw new Error("rollback");
      })
      .then(() => "committed", (e: Error & { cause?: Error }) => (e.message === "rollback" ? "admitted" : (e.cause?.message ?? e.message)));
    expect(admitted).toBe("admitted");
  });
});

describe("reading the chain back", () => {
  it("sees a second event with the same sequence number at a page boundary (seq = batch size)", async () => {
    const result = await verifyAfterTamper(
      (tx) =>
        tx.execute(sql`insert into ${auditEvents} (action, outcome, details, seq, chain_version, hash)
          values ('auth.sign_in', 'allowed', '{}', 10, 1, repeat('d', 64))`),
      undefined,
      { batchSize: 10 },
    );
    expect(result.firstBad).toMatchObject({ seq: 11, problem: "altered", detail: expect.stringMatching(/^event 10 \(id \d+\) appears twice in the chain$/) });
  });


  it("verifies fields that need escaping on the way out (tabs, newlines, backslashes, quotes, non-ASCII)", async () => {
    const awkward = 'tab\there\nnew line \\ back\\slash "quoted" \r\b\f\v 日本語 ✓ \\N';
    const ctx = { ...(await t.ctxFor("officer@hoshino.example")), userAgent: awkward, clientIp: "10.1.2.3" };
    await withTx(ctx, (tx) =>
      emit(tx, ctx, {
        action: "access.denied",
        outcome: "denied",
        target: { type: "company_profile", id: awkward },
        purpose: awkward,
        details: { attempted: "profile.read", reason: awkward },
      }),
    );
    await chainAll(t.database);
    const result = await verifyChain(t.database.db, { publicKeys, batchSize: 3 });
    expect(result).toMatchObject({ ok: true, pending: 0, firstBad: null });
    expect(result.events).toBe(await chainedCount());
  });

  it.runIf(testDatabaseKind() === "postgres")("streams through COPY on PostgreSQL, two ranges at a time, and still names a committed tamper at any range edge", async () => {
    const own = await createTestDatabase();
    try {
      expect(copySourceFor(own.database.db)).not.toBeNull();
      const ctx = await own.ctxFor("officer@hoshino.example");
      for (let i = 0; i < 18; i++) {
        await withTx(ctx, (tx) => emit(tx, ctx, { action: "access.denied", outcome: "denied", target: { type: "company_profile", id: `copy-${i}` }, details: { attempted: "profile.read", reason: "outside_assignment" } }));
      }
      await chainAll(own.database);
      const sound = await verifyChain(own.database.db, { batchSize: 5 });
      expect(sound.ok).toBe(true);
      // Ranges of four sequence numbers, read two at a time: the same answer, every event counted.
      expect(await verifyChain(own.database.db, { rangeSize: 4 })).toMatchObject({ ok: true, events: sound.events, headHash: sound.headHash });
      // The same on two worker threads, each taking the next range when free.
      const threads = { rangeSize: 4, runner: threadedRunner(2) };
      expect(await verifyChain(own.database.db, threads)).toMatchObject({ ok: true, events: sound.events, headHash: sound.headHash });
      const tamper = (statement: ReturnType<typeof sql>) =>
        own.database.db.transaction(async (tx) => {
          await tx.execute(sql`set local session_replication_role = replica`);
          await tx.execute(statement);
        });
      // Committed tampers at range edges, from the end backwards so that each is the first bad event.
      await tamper(sql`delete from ${auditEvents} where seq = 12`); // the last of range [9, 13)
      expect((await verifyChain(own.database.db, { rangeSize: 4 })).firstBad).toMatchObject({ seq: 12, problem: "missing" });
      expect((await verifyChain(own.database.db, threads)).firstBad).toMatchObject({ seq: 12, problem: "missing" });
      await tamper(sql`delete from ${auditEvents} where seq = 9`); // the first of range [9, 13)
      expect((await verifyChain(own.database.db, { rangeSize: 4 })).firstBad).toMatchObject({ seq: 9, problem: "missing" });
      expect((await verifyChain(own.database.db, threads)).firstBad).toMatchObject({ seq: 9, problem: "missing" });
      await tamper(sql`update ${auditEvents} set target_id = 'elsewhere' where seq = 8`); // the last of range [5, 9)
      expect((await verifyChain(own.database.db, { rangeSize: 4 })).firstBad).toMatchObject({ seq: 8, problem: "altered" });
      expect((await verifyChain(own.database.db, threads)).firstBad).toMatchObject({ seq: 8, problem: "altered" });
      expect((await verifyChain(own.database.db, { batchSize: 5 })).firstBad).toMatchObject({ seq: 8, problem: "altered" });
    } finally {
      await own.close();
    }
  });
});
