import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import { verifyChain } from "@/lib/audit/verify";
import { chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { requestCheckpoint, startJobs } from "./queue";

let t: TestDatabase;
let boss: PgBoss;
const env = { ...process.env, AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString() };

beforeAll(async () => {
  t = await createTestDatabase();
  await t.database.db.insert(auditEvents).values([
    { action: "auth.sign_in", outcome: "allowed" },
    { action: "auth.sign_out", outcome: "allowed" },
  ]);
  await chainAll(t.database);
  boss = await startJobs(t.database, env);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, wait: true });
  await t?.close();
});

describe(`the job queue on ${testDatabaseKind()}`, () => {
  it("seals a requested checkpoint in a worker, once even when asked twice", async () => {
    await requestCheckpoint(boss);
    await requestCheckpoint(boss);
    const deadline = Date.now() + 20_000;
    let rows = await t.database.db.select().from(auditCheckpoints);
    while (rows.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      rows = await t.database.db.select().from(auditCheckpoints);
    }
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.seq)).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await t.database.db.select().from(auditCheckpoints)).toHaveLength(1);
    await chainAll(t.database);
    expect((await verifyChain(t.database.db)).ok).toBe(false); // stored checkpoint, but no trusted key given
  });
});
