import { eq, sql } from "drizzle-orm";
import { rowsOf } from "@/db/client";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emailOutbox, type EmailOutboxRow } from "@/db/schema";
import { bossDb } from "@/lib/jobs/boss-db";
import { createQueues, EMAIL_OUTBOX_QUEUE, requestOutboxRun, startJobs } from "@/lib/jobs/queue";
import { LocalSmtp } from "@/lib/testing/local-smtp";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { outboxConfig, retryDelaySeconds } from "./config";
import { deliverDueEmails } from "./deliver";
import { createMailer, type Mailer } from "./mailer";
import { enqueueEmail, enqueueEmails } from "./outbox";
import { startOutboxLoop } from "./outbox-loop";

let t: TestDatabase;
const smtp = new LocalSmtp();
beforeAll(async () => {
  t = await createTestDatabase();
  // The demo world's own notifications (its seeded advisories) are not this test's to count.
  await t.database.db.delete(emailOutbox);
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
  await t?.close();
});

const env = () => ({ ...process.env, SMTP_URL: `smtp://127.0.0.1:${smtp.port}?starttls=off`, EMAIL_RETRY_BASE_SECONDS: "1", EMAIL_RETRY_MAX_SECONDS: "4", EMAIL_MAX_ATTEMPTS: "3", EMAIL_POLL_MS: "200" });
const rowOf = async (id: string): Promise<EmailOutboxRow> => (await t.database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]!;
const message = (n: string) => ({ to: `person-${n}@company.example`, subject: `Test message ${n}`, text: `Body ${n}`, kind: "test.message", reference: { test: n } });
/** Makes message `id` due and runs the worker once, `times` times. */
const attempt = async (id: string, mailer: ReturnType<typeof createMailer>, config: ReturnType<typeof outboxConfig>, times: number) => {
  for (let n = 1; n <= times; n++) {
    await t.database.db.update(emailOutbox).set({ nextAttemptAt: sql`now()` }).where(eq(emailOutbox.id, id));
    await deliverDueEmails(t.database.db, mailer, config);
  }
};
const waitFor = async (check: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe(`the email outbox on ${testDatabaseKind()}`, () => {
  it("sends only what the caller's transaction committed, through SMTP, and records it", async () => {
    const [a, b] = await t.database.db.transaction((tx) => enqueueEmails(tx, [message("a"), message("b")], env()));
    await t.database.db
      .transaction(async (tx) => {
        await enqueueEmail(tx, message("rolled-back"), env());
        throw new Error("the change failed");
      })
      .catch(() => {});
    const config = outboxConfig(env());
    const mailer = createMailer(config);
    try {
      expect(await deliverDueEmails(t.database.db, mailer, config)).toEqual({ sent: 2, retrying: 0, failed: 0, cancelled: 0 });
    } finally {
      mailer.close();
    }
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(["person-a@company.example", "person-b@company.example"]);
    expect(smtp.received.map((m) => m.subject)).toContain("Test message a");
    expect(await rowOf(a!)).toMatchObject({ state: "sent", attempts: 1, transport: "smtp", lastError: null, messageId: expect.any(String) });
    expect((await rowOf(b!)).sentAt).toBeInstanceOf(Date);
    const [rolledBack] = await t.database.db.select().from(emailOutbox).where(sql`${emailOutbox.reference}->>'test' = 'rolled-back'`);
    expect(rolledBack).toBeUndefined();
  });

  it("sends the messages of one change in an order unrelated to their recipients (an advisory's companies, say): no one is always told first", async () => {
    // Enqueued in the order a service lists them (by company name), they are sent in the order of their
    // random ids: a fresh draw for every change, the same for no two publications.
    const names = Array.from({ length: 12 }, (_, i) => `fair-${String(i).padStart(2, "0")}`);
    const ids = await t.database.db.transaction((tx) => enqueueEmails(tx, names.map(message), env()));
    const config = { ...outboxConfig(env()), batchSize: 20 };
    const mailer = createMailer(config);
    try {
      await deliverDueEmails(t.database.db, mailer, config);
    } finally {
      mailer.close();
    }
    const byId = new Map(ids.map((id, i) => [id, `person-${names[i]}@company.example`]));
    const sent = smtp.received.map((m) => m.to[0]).filter((to) => to?.startsWith("person-fair-"));
    expect(sent).toEqual([...ids].sort().map((id) => byId.get(id)));
    expect(sent).not.toEqual(names.map((n) => `person-${n}@company.example`));
  });

  it("loses nothing while the SMTP server is down: retries with back-off, shows the error, sends once it is back", async () => {
    const config = outboxConfig(env());
    await smtp.stop();
    const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("down"), env()));
    const mailer = createMailer(config);
    try {
      expect(await deliverDueEmails(t.database.db, mailer, config)).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
      const failedOnce = await rowOf(id);
      expect(failedOnce).toMatchObject({ state: "pending", attempts: 1, sentAt: null });
      expect(failedOnce.lastError).toMatch(/ECONNREFUSED/);
      expect(failedOnce.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 500);
      // Not due again before its back-off has passed.
      expect(await deliverDueEmails(t.database.db, mailer, config)).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
      await smtp.start();
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await deliverDueEmails(t.database.db, mailer, config)).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
    } finally {
      mailer.close();
    }
    expect(await rowOf(id)).toMatchObject({ state: "sent", attempts: 2, lastError: null });
    expect(smtp.received.some((m) => m.to[0] === "person-down@company.example")).toBe(true);
  });

  it("keeps a message past its last attempt while the SMTP server cannot be reached, and sends it once it is back", async () => {
    // An outage longer than the attempts' back-offs add up to (about 3 h 10 min with the defaults) marked
    // every message queued at its start "failed", never to be sent: lost, when the server was only down.
    const config = outboxConfig(env());
    await smtp.stop();
    const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("outage"), env()));
    const mailer = createMailer(config);
    try {
      await attempt(id, mailer, config, 5);
      expect(await rowOf(id)).toMatchObject({ state: "pending", attempts: 5, sentAt: null, lastError: expect.stringMatching(/ECONNREFUSED/) });
      expect((await rowOf(id)).nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now() + config.retryMaxSeconds * 1000 + 1000);
      await smtp.start();
      await attempt(id, mailer, config, 1);
    } finally {
      mailer.close();
      if (!smtp.running) await smtp.start();
    }
    expect(await rowOf(id)).toMatchObject({ state: "sent", attempts: 6, lastError: null });
    expect(smtp.received.some((m) => m.to[0] === "person-outage@company.example")).toBe(true);
  });

  it("counts only refusals towards giving up: after an outage has used more tries than the attempts, one refusal is retried", async () => {
    const config = outboxConfig(env());
    await smtp.stop();
    const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("outage-then-full"), env()));
    const mailer = createMailer(config);
    try {
      await attempt(id, mailer, config, 4); // unreachable, more times than EMAIL_MAX_ATTEMPTS (3)
      await smtp.start();
      smtp.refuses = (address) => address === "person-outage-then-full@company.example";
      await attempt(id, mailer, config, 1);
      expect(await rowOf(id)).toMatchObject({ state: "pending", attempts: 5, refusals: 1, lastError: expect.stringMatching(/550/) });
      await attempt(id, mailer, config, 2);
      expect(await rowOf(id)).toMatchObject({ state: "failed", attempts: 7, refusals: 3 });
    } finally {
      mailer.close();
      smtp.refuses = () => false;
      if (!smtp.running) await smtp.start();
    }
  });

  it("gives up on a message the SMTP server refuses after the last attempt, and says so", async () => {
    const config = outboxConfig(env());
    smtp.refuses = (address) => address === "person-never@company.example";
    const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("never"), env()));
    const mailer = createMailer(config);
    try {
      await attempt(id, mailer, config, 3);
    } finally {
      mailer.close();
      smtp.refuses = () => false;
    }
    expect(await rowOf(id)).toMatchObject({ state: "failed", attempts: 3, lastError: expect.stringMatching(/550/) });
    expect(retryDelaySeconds(1, config)).toBe(1);
    expect(retryDelaySeconds(3, config)).toBe(4);
    expect(retryDelaySeconds(10, config)).toBe(4);
  });

  /** Starts the job queue and the outbox loop as a server does, enqueues message `n`, and waits until it is sent. */
  const sentByTheWorker = async (n: string) => {
    let boss: PgBoss | undefined;
    let stopLoop = () => {};
    try {
      boss = await startJobs(t.database, env());
      const started = boss;
      stopLoop = startOutboxLoop(t.database.db, outboxConfig(env()), () => requestOutboxRun(started));
      const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message(n), env()));
      await waitFor(async () => (await rowOf(id)).state === "sent", 15_000);
    } finally {
      stopLoop();
      await boss?.stop({ graceful: false, wait: true });
    }
  };

  it("is sent by the worker on the job queue, woken by the outbox loop", async () => {
    await sentByTheWorker("queued");
    expect(smtp.received.some((m) => m.to[0] === "person-queued@company.example")).toBe(true);
  });

  it("is sent by the worker while an earlier run is left active by a worker that lost the database", async () => {
    // That run cannot be marked done or failed, and stays "active" until it expires 15 minutes later; under
    // a policy of one active run per queue, nothing was sent meanwhile, though the database was back.
    const gone = new PgBoss({ db: bossDb(t.database), schedule: false, supervise: false, migrate: true } as ConstructorParameters<typeof PgBoss>[0]);
    await gone.start();
    await createQueues(gone);
    await requestOutboxRun(gone);
    expect(await gone.fetch(EMAIL_OUTBOX_QUEUE)).toHaveLength(1);
    await gone.stop({ graceful: false, wait: true });
    await sentByTheWorker("after-stuck-run");
  });

  it("keeps messages unsent and out of the log in a production start without SMTP_URL, and sends them once a server is configured", async () => {
    const production = { ...env(), NODE_ENV: "production" as const, SMTP_URL: "" };
    expect(() => createMailer(outboxConfig(production))).toThrow("SMTP_URL is not set in a production start");
    const logged = vi.spyOn(console, "info");
    const warned = vi.spyOn(console, "warn").mockImplementation(() => {});
    let boss: PgBoss | undefined;
    let id = "";
    try {
      boss = await startJobs(t.database, production);
      expect(warned.mock.calls.flat().join("\n")).toContain("emails stay in the outbox, unsent");
      id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("held"), env()));
      await requestOutboxRun(boss);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await rowOf(id)).toMatchObject({ state: "pending", attempts: 0, transport: null });
      expect(logged.mock.calls.flat().join("\n")).not.toContain("Body held");
    } finally {
      logged.mockRestore();
      warned.mockRestore();
      await boss?.stop({ graceful: false, wait: true });
    }
    await sentByTheWorker("after-held");
    await waitFor(async () => (await rowOf(id)).state === "sent");
    expect(smtp.received.some((m) => m.to[0] === "person-held@company.example")).toBe(true);
  });

  it("writes messages to the log when no SMTP server is configured (the demo)", async () => {
    const lines: string[] = [];
    const config = outboxConfig({ ...env(), SMTP_URL: "" });
    const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("logged"), env()));
    await deliverDueEmails(t.database.db, createMailer(config, (line) => lines.push(line)), config);
    expect(await rowOf(id)).toMatchObject({ state: "sent", transport: "log" });
    expect(lines.join("\n")).toContain("person-logged@company.example");
    expect(lines.join("\n")).toContain("Body logged");
  });
});

describe(`the outbox page's service on ${testDatabaseKind()}`, () => {
  it("shows platform admins the state of every message, and no one else", async () => {
    const { listEmailOutbox } = await import("@/lib/services/list-email-outbox");
    const { NotFoundError } = await import("@/lib/services/errors");
    const admin = await listEmailOutbox({ ctx: await t.ctxFor("admin@kakehashi.example"), input: {} });
    expect(admin.counts.failed).toBeGreaterThanOrEqual(1);
    expect(admin.entries.find((e) => e.to === "person-never@company.example")).toMatchObject({ state: "failed", attempts: 3, lastError: expect.stringMatching(/550/) });
    expect(admin.entries[0]).not.toHaveProperty("text");
    for (const email of ["reviewer@esb.example", "officer@hoshino.example", "auditor@oversight.example"]) {
      await expect(listEmailOutbox({ ctx: await t.ctxFor(email), input: {} })).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it("sends each message once when two workers meet behind a slow mail server: a lease covers one send, not a batch", { timeout: 20_000 }, async () => {
    await t.database.db.delete(emailOutbox);
    const ids = await t.database.db.transaction((tx) => enqueueEmails(tx, ["slow-1", "slow-2", "slow-3"].map(message), env()));
    // A lease of two seconds and a mail server taking one second a message: a batch of three claimed at
    // once outlives its lease while the first worker is still sending, and the second worker took the last
    // again. One message at a time, each send has a second to spare.
    const config = { ...outboxConfig(env()), leaseSeconds: 2, batchSize: 3 };
    const sends: string[] = [];
    const slow: Mailer = {
      transport: "smtp",
      send: async (m) => {
        sends.push(m.to);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return { messageId: `<${m.to}>` };
      },
      close: () => {},
    };
    const first = deliverDueEmails(t.database.db, slow, config);
    await new Promise((resolve) => setTimeout(resolve, 2300));
    const second = deliverDueEmails(t.database.db, slow, config);
    const runs = await Promise.all([first, second]);
    expect(runs[0].sent + runs[1].sent).toBe(3);
    expect(sends.sort()).toEqual(["person-slow-1@company.example", "person-slow-2@company.example", "person-slow-3@company.example"]);
    for (const id of ids) expect(await rowOf(id)).toMatchObject({ state: "sent", attempts: 1 });
  });
});

describe(`sending on ${testDatabaseKind()}: TLS, the lease while a send lasts, and messages no longer wanted`, () => {
  const slowMailer = (ms: number, sends: string[]): Mailer => ({
    transport: "smtp",
    send: async (m) => {
      sends.push(m.to);
      await new Promise((resolve) => setTimeout(resolve, ms));
      return { messageId: `<${m.to}>` };
    },
    close: () => {},
  });

  it("sends nothing over smtp:// to a server that offers no STARTTLS, unless the URL says ?starttls=off; the message waits, unrefused", async () => {
    await t.database.db.delete(emailOutbox);
    const before = smtp.received.length;
    const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("clear"), env()));
    const config = outboxConfig({ ...env(), SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
    const mailer = createMailer(config);
    try {
      expect(await deliverDueEmails(t.database.db, mailer, config)).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
    } finally {
      mailer.close();
    }
    expect(smtp.received.length).toBe(before);
    expect(await rowOf(id)).toMatchObject({ state: "pending", refusals: 0, lastError: expect.stringMatching(/^ETLS: .*STARTTLS/) });
    const clear = outboxConfig(env());
    await attempt(id, createMailer(clear), clear, 1);
    expect(await rowOf(id)).toMatchObject({ state: "sent" });
  });

  it("holds the lease while a send outlasts it: a second worker does not send the message again", { timeout: 20_000 }, async () => {
    await t.database.db.delete(emailOutbox);
    const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("long-send"), env()));
    // A lease of two seconds and one send taking three: without renewal the message is due again at two
    // seconds, and the second worker, starting at 2.3, sends it too.
    const config = { ...outboxConfig(env()), leaseSeconds: 2, batchSize: 1 };
    const sends: string[] = [];
    const first = deliverDueEmails(t.database.db, slowMailer(3000, sends), config);
    await new Promise((resolve) => setTimeout(resolve, 2300));
    const second = await deliverDueEmails(t.database.db, slowMailer(3000, sends), config);
    expect(second).toEqual({ sent: 0, retrying: 0, failed: 0, cancelled: 0 });
    expect(await first).toEqual({ sent: 1, retrying: 0, failed: 0, cancelled: 0 });
    expect(sends).toEqual(["person-long-send@company.example"]);
    expect(await rowOf(id)).toMatchObject({ state: "sent", attempts: 1 });
  });

  it("gives a send up after EMAIL_SEND_TIMEOUT_SECONDS, as a failure to retry, not a refusal", { timeout: 20_000 }, async () => {
    await t.database.db.delete(emailOutbox);
    const id = await t.database.db.transaction((tx) => enqueueEmail(tx, message("stuck"), env()));
    const config = { ...outboxConfig(env()), sendTimeoutSeconds: 1 };
    const started = Date.now();
    expect(await deliverDueEmails(t.database.db, slowMailer(10_000, []), config)).toEqual({ sent: 0, retrying: 1, failed: 0, cancelled: 0 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await rowOf(id)).toMatchObject({ state: "pending", refusals: 0, lastError: "the mail server had not taken the message after 1 s; it is tried again later" });
  });

  it("does not send a queued message whose recipient was disabled, or whose advisory was withdrawn, since; a security notice still goes", async () => {
    const db = t.database.db;
    await db.delete(emailOutbox);
    const [advisory] = rowsOf<{ id: string }>(await db.execute(sql`select id from advisories where status = 'published' order by reference limit 1`));
    const queued = await db.transaction((tx) =>
      enqueueEmails(
        tx,
        [
          { ...message("to-disabled"), to: "Officer@Aoba.example", kind: "advisory.published", reference: { advisoryId: "00000000-0000-4000-8000-000000000000", revision: 1 } },
          { ...message("notice"), to: "officer@aoba.example", kind: "account.security_notice" },
          { ...message("withdrawn"), kind: "advisory.published", reference: { advisoryId: advisory!.id, revision: 1 } },
          { ...message("withdrawn-revised"), kind: "advisory.revised", reference: { advisoryId: advisory!.id, revision: 2 } },
          { ...message("withdrawal"), kind: "advisory.withdrawn", reference: { advisoryId: advisory!.id, revision: 1 } },
        ],
        env(),
      ),
    );
    await db.execute(sql`update users set disabled_at = now() where lower(email) = 'officer@aoba.example'`);
    await db.execute(sql`update advisories set status = 'withdrawn', withdrawn_at = now() where id = ${advisory!.id}`);
    const sends: string[] = [];
    const config = outboxConfig(env());
    const run = await deliverDueEmails(db, slowMailer(0, sends), config);
    const rows = await Promise.all(queued.map(rowOf));
    expect(run).toEqual({ sent: 2, retrying: 0, failed: 0, cancelled: 3 });
    expect(rows.map((r) => [r.subject, r.state, r.lastError])).toEqual([
      ["Test message to-disabled", "cancelled", "recipient_disabled"],
      ["Test message notice", "sent", null],
      ["Test message withdrawn", "cancelled", "advisory_withdrawn"],
      ["Test message withdrawn-revised", "cancelled", "advisory_withdrawn"],
      ["Test message withdrawal", "sent", null],
    ]);
    expect(sends.sort()).toEqual(["officer@aoba.example", "person-withdrawal@company.example"]);
    const { listEmailOutbox } = await import("@/lib/services/list-email-outbox");
    const page = await listEmailOutbox({ ctx: await t.ctxFor("admin@kakehashi.example"), input: { state: "cancelled" } });
    expect(page.counts).toMatchObject({ cancelled: 3, sent: 2 });
    expect(page.entries.map((e) => [e.cancelReason, e.lastError]).sort()).toEqual([
      ["advisory_withdrawn", null],
      ["advisory_withdrawn", null],
      ["recipient_disabled", null],
    ]);
  });
});
