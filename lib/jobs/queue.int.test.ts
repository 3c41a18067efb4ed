import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type PgBoss from "pg-boss";
import { auditCheckpoints, auditEvents, disclosures, emailOutbox, reviewNoticesDue } from "@/db/schema";
import { verifyChain } from "@/lib/audit/verify";
import { chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { eq } from "drizzle-orm";
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

  it("keeps the scheduled passes on pg-boss's schedule, as this server's settings give them", async () => {
    const schedules = Object.fromEntries((await boss.getSchedules()).map((s) => [s.name, s.cron]));
    expect(schedules).toEqual({ "review-notices": "* * * * *", "anomaly-alerts": "*/10 * * * *", retention: "5 * * * *", "token-reminders": "10 * * * *" });
    // A server whose settings turn two passes off takes them off the schedule the servers share.
    const other = await startJobs(t.database, { ...env, ANOMALY_ALERT_MINUTES: "0", TOKEN_EXPIRY_REMINDER_DAYS: "0" });
    try {
      expect((await other.getSchedules()).map((s) => s.name).sort()).toEqual(["retention", "review-notices"]);
    } finally {
      await other.stop({ graceful: false, wait: true });
    }
  });

  it("runs a scheduled pass in its worker: the reviewers hear of submissions", async () => {
    // Every minute's pass is due at once when the queue starts: the demo's queued versions may be gone already.
    // Queued again, with their notices cleared, for the pass sent here.
    const db = t.database.db;
    await db.delete(emailOutbox).where(eq(emailOutbox.kind, "disclosure.submitted"));
    const submitted = await db.select({ disclosureId: disclosures.id, versionNumber: disclosures.latestVersion }).from(disclosures).where(eq(disclosures.status, "submitted"));
    expect(submitted.length).toBeGreaterThan(0);
    await db.insert(reviewNoticesDue).values(submitted).onConflictDoNothing();
    const id = await boss.send("review-notices", {});
    expect(id).not.toBeNull();
    const deadline = Date.now() + 20_000;
    while ((await boss.getJobById("review-notices", id!))?.state !== "completed" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await boss.getJobById("review-notices", id!))?.state).toBe("completed");
    expect(await db.select().from(reviewNoticesDue)).toEqual([]);
    const notices = await db.select({ to: emailOutbox.toAddress }).from(emailOutbox).where(eq(emailOutbox.kind, "disclosure.submitted"));
    expect(notices.map((n) => n.to)).toContain("reviewer@esb.example");
  });
});
