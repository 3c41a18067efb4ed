import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { copySourceFor } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import { auditChainKit, commitTamper, shiftSeqsFrom, swapSeqs } from "@/lib/testing/audit-chain-fixtures";
import { chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { chainHash, CHAIN_VERSION } from "./canonical";
import { selectChainRows } from "./chain-rows";
import { createCheckpoint, exportCheckpoint } from "./checkpoint";
import type { Checkpoint } from "./checkpoint-format";
import type { Problem } from "./range-check";
import { verifyChain, type VerifyOptions } from "./verify";
import { threadedRunner } from "./verify-threads";

// chain.int.test.ts verifies each tamper inside the transaction that made it, where verification can only
// page through the chain on that transaction. Production verifies through the pool instead: COPY ranges,
// each on a connection of its own, on this thread or on worker threads. Here every tamper is committed, on
// a database of its own, and verified that way — with ranges small enough that it sits past several.

const EVENTS = 24;
// Six ranges of four sequence numbers: [1, 5), [5, 9), [9, 13), [13, 17), [17, 21), [21, null).
const RANGE_SIZE = 4;

let t: TestDatabase;
const { key, publicKeys, writeEvents } = auditChainKit(() => t);

/** The chain verified as production verifies it (on the pool, outside any transaction): COPY ranges on this thread, and on two worker threads. */
async function verifyBothWays(exported?: Checkpoint[]) {
  const options: VerifyOptions = { publicKeys, exported, rangeSize: RANGE_SIZE };
  const [inProcess, threaded] = await Promise.all([verifyChain(t.database.db, options), verifyChain(t.database.db, { ...options, runner: threadedRunner(2) })]);
  return { inProcess, threaded };
}

/** What both ways must answer: not ok, `seq` the first bad event, and every event before it checked. */
const caughtAt = (seq: number, problem: Problem) => {
  const result = { ok: false, events: seq - 1, checkedThrough: seq - 1, firstBad: { seq, problem } };
  return { inProcess: result, threaded: result };
};

describe.runIf(testDatabaseKind() === "postgres")("a committed tamper, verified through the pool in COPY ranges", () => {
  beforeEach(async () => {
    t = await createTestDatabase();
    await writeEvents(EVENTS, "committed");
    await chainAll(t.database);
    // Read through COPY, as on the server (a transaction has no COPY source, and pages instead).
    expect(copySourceFor(t.database.db)).not.toBeNull();
  });
  afterEach(async () => {
    await t?.close();
  });

  it("names an edited event that ends its range, whose stored hash (left alone) the next range starts from", async () => {
    await commitTamper(t.database, (tx) => tx.execute(sql`update ${auditEvents} set purpose = 'innocent' where seq = 12`));
    expect(await verifyBothWays()).toMatchObject(caughtAt(12, "altered"));
  });

  it("names a deleted event that opened its range as missing", async () => {
    await commitTamper(t.database, (tx) => tx.execute(sql`delete from ${auditEvents} where seq = 13`));
    expect(await verifyBothWays()).toMatchObject(caughtAt(13, "missing"));
  });

  it("names a deleted event that ended its range as missing, counting the sound events of its range before it", async () => {
    await commitTamper(t.database, (tx) => tx.execute(sql`delete from ${auditEvents} where seq = 12`));
    expect(await verifyBothWays()).toMatchObject(caughtAt(12, "missing"));
  });

  it("names a deleted event that ended its range as missing up to the next event the log holds", async () => {
    await commitTamper(t.database, (tx) => tx.execute(sql`delete from ${auditEvents} where seq in (12, 13, 14)`));
    const { inProcess } = await verifyBothWays();
    expect(inProcess.firstBad).toEqual({ seq: 12, problem: "missing", detail: "events 12–14 are missing from the chain (deleted?)" });
  });

  it("answers at once when an event was given a sequence number far beyond the head, naming the first number missing", async () => {
    // Ranges up to the highest number would be 2.5 × 10^11 of them: the verifier built them all first and never answered.
    await commitTamper(t.database, (tx) => tx.execute(sql`update ${auditEvents} set seq = 1000000000000 where seq = 24`));
    const { inProcess, threaded } = await verifyBothWays();
    expect({ inProcess, threaded }).toMatchObject(caughtAt(24, "missing"));
    expect(inProcess.firstBad!.detail).toBe("events 24–999999999999 are missing from the chain (deleted?)");
    await commitTamper(t.database, (tx) => tx.execute(sql`update ${auditEvents} set seq = 1000000000001 where seq = 10`));
    expect(await verifyBothWays()).toMatchObject(caughtAt(10, "missing"));
  });

  it("names the event after an inserted one whose own link was forged right, in the next range", async () => {
    await commitTamper(t.database, async (tx) => {
      await shiftSeqsFrom(tx, 16, 1);
      await tx.execute(sql`insert into ${auditEvents} (action, outcome, details, seq, chain_version, hash)
        values ('profile.read', 'allowed', '{}', 16, ${CHAIN_VERSION}, repeat('b', 64))`);
      // The forger chains the inserted event after event 15; the event it displaced, now 17, cannot follow it.
      const [before, inserted] = await selectChainRows(tx, sql`${auditEvents.seq} in (15, 16)`, sql`${auditEvents.seq}`, 2);
      await tx.execute(sql`update ${auditEvents} set hash = ${chainHash(before!.hash!, { ...inserted!, seq: 16 })} where seq = 16`);
    });
    // 17 opens range [17, 21), read from the forged hash before it: caught there, everything up to it sound.
    expect(await verifyBothWays()).toMatchObject(caughtAt(17, "altered"));
  });

  it("names the first of two events swapped across a range boundary", async () => {
    await commitTamper(t.database, (tx) => swapSeqs(tx, 8, 9));
    expect(await verifyBothWays()).toMatchObject(caughtAt(8, "altered"));
  });

  it("names a tail cut after an exported checkpoint as truncated, though the stored checkpoints went with it", async () => {
    const { checkpoint } = await createCheckpoint(t.database.db, await t.ctxFor("auditor@oversight.example"), key);
    await chainAll(t.database);
    const exported = exportCheckpoint(checkpoint, key);
    expect(exported.seq).toBe(EVENTS);
    // Sound until the cut (every database here is made alike: this stands for the others' state before their tamper).
    const sound = { ok: true, events: EVENTS + 1, checkedThrough: EVENTS + 1, firstBad: null };
    expect(await verifyBothWays([exported])).toMatchObject({ inProcess: sound, threaded: sound });
    await commitTamper(t.database, async (tx) => {
      await tx.execute(sql`delete from ${auditCheckpoints}`);
      await tx.execute(sql`delete from ${auditEvents} where seq > 14`);
    });
    expect(await verifyBothWays([exported])).toMatchObject(caughtAt(15, "truncated"));
    // Without the copy kept outside, a cut tail is indistinguishable from a shorter log.
    expect((await verifyChain(t.database.db, { publicKeys, rangeSize: RANGE_SIZE })).ok).toBe(true);
  });
});
