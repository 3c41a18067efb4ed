import { generateKeyPairSync } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { auditCheckpoints, auditEvents } from "@/db/schema";
import { requestCheckpoint, startJobs } from "@/lib/jobs/queue";
import { chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { openAsProductionRole } from "@/lib/testing/wall-attempts";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { NotFoundError } from "@/lib/services/errors";
import { getDisclosure } from "@/lib/services/get-disclosure";
import { previewAdvisoryReach } from "@/lib/services/preview-advisory-reach";
import { enterRowSecurity } from "@/lib/services/internal/row-security";
import { withTx } from "@/lib/services/transaction";
import { rollUpAllAccesses } from "./access-rollup";
import { auditWrittenColumns, emit } from "./emit";
import { ensureAuditPartitions } from "./partitions";
import { verifyChain } from "./verify";

// The README's production role, applied with db/production-roles.sql, on a real server only (PGlite has one user).
describe.runIf(testDatabaseKind() === "postgres")("the application's database role in production", () => {
  let t: TestDatabase;
  let app: Database;
  beforeAll(async () => {
    t = await createTestDatabase();
    app = await openAsProductionRole(t);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it("writes and chains events, and keeps partitions coming, but cannot change or remove the log", async () => {
    const ctx = { ...(await t.ctxFor("officer@hoshino.example")), db: app.db };
    await withTx(ctx, (tx) => emit(tx, ctx, { action: "auth.sign_in", outcome: "allowed", details: { sessionId: crypto.randomUUID() } }));
    await chainAll(app); // the sequencer's one-time UPDATE of the chain columns, as the application's role
    expect(await ensureAuditPartitions(app.db, new Date("2030-01-01T00:00:00Z"), 0)).toBe(1);

    // Refused by the privilege system itself, before the append-only triggers (which say "append-only").
    const refused = { code: "42501", message: expect.stringMatching(/^permission denied/) };
    type PgFailure = { code?: string; message: string; cause?: { code?: string; message: string } };
    const failureOf = (p: Promise<unknown>) =>
      p.then(() => null, (e: PgFailure) => ({ code: e.cause?.code ?? e.code, message: e.cause?.message ?? e.message }));
    expect(await failureOf(app.db.execute(sql`update ${auditEvents} set purpose = 'x'`))).toMatchObject(refused);
    expect(await failureOf(app.db.execute(sql`delete from ${auditEvents}`))).toMatchObject(refused);
    expect(await failureOf(app.db.execute(sql`truncate ${auditEvents}`))).toMatchObject(refused);
    expect(await failureOf(app.db.execute(sql`delete from audit_checkpoints`))).toMatchObject(refused);
    const thisMonth = `audit_events_${new Date().toISOString().slice(0, 7).replace("-", "_")}`;
    expect(await failureOf(app.db.execute(sql`delete from ${sql.raw(thisMonth)}`))).toMatchObject(refused);
    expect(await failureOf(app.db.execute(sql`select * from audit_events_2030_01`))).toMatchObject(refused);
    // It inserts events naming only what happened (migration 0025 and production-roles.sql): not backdated, not pre-chained.
    const insertable = await app.db.execute(sql`select a.attname as name from pg_attribute a
      where a.attrelid = 'audit_events'::regclass and a.attnum > 0 and not a.attisdropped
        and has_column_privilege('kakehashi_app', 'audit_events', a.attname, 'INSERT')`);
    expect((insertable as unknown as { name: string }[]).map((r) => r.name).sort()).toEqual([...auditWrittenColumns].sort());
    expect(await failureOf(app.db.execute(sql`insert into ${auditEvents} (occurred_at, action, outcome) values ('2020-01-01T00:00:00Z', 'auth.sign_in', 'allowed')`))).toMatchObject(refused);
    expect(await failureOf(app.db.execute(sql`insert into ${auditEvents} (action, outcome, seq, chain_version, hash) values ('auth.sign_in', 'allowed', 1, 1, repeat('a', 64))`))).toMatchObject(refused);
    // It may insert checkpoints (it seals them), but not one that seals nothing (migration 0024's trigger).
    expect(await failureOf(app.db.execute(sql`insert into audit_checkpoints values (1000000000000, repeat('e', 64), now(), 'junk', 'junk')`))).toMatchObject({
      code: "23514",
      message: expect.stringMatching(/^audit checkpoint refused: the chain has no event 1000000000000 /),
    });
    expect(await verifyChain(app.db)).toMatchObject({ ok: true, pending: 0, events: expect.any(Number) });
    expect((await verifyChain(app.db)).events).toBeGreaterThan(0);
  });

  it("targets advisories by disclosed supplier country through the security-definer function, though it cannot read disclosures itself", async () => {
    // Under FORCE ROW LEVEL SECURITY and outside app_rls, the application's role sees no disclosure rows at all…
    expect(await app.db.execute(sql`select count(*)::int as n from exposure_items`)).toEqual([{ n: 0 }]);
    // …and still finds the companies an advisory reaches by country, ids only, through advisory_reach…
    const ctx = { ...(await t.ctxFor("reviewer@esb.example")), db: app.db };
    const reach = await previewAdvisoryReach({ ctx, input: { targets: { products: ["crm_gallium"], countries: ["CN"], organisations: [] } } });
    expect(reach.companies.map((c) => c.name.en)).toEqual(["Aoba Semiconductor Materials"]);
    // …whose exposure lookup by country it may not ask itself (migration 0051).
    const failureOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code);
    expect(await failureOf(app.db.execute(sql`select * from advisory_exposed_companies(array['crm_gallium'], array['CN'])`))).toBe("42501");
  });

  it("records a refused disclosure read against its owner through the security-definer function (migration 0022), and the role still cannot become its owner", async () => {
    const ctx = { ...(await t.ctxFor("reviewer2@esb.example")), db: app.db };
    await expect(getDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH1 } })).rejects.toBeInstanceOf(NotFoundError);
    const [denial] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.requestId, ctx.requestId));
    expect(denial).toMatchObject({ action: "access.denied", targetOrgId: demoOrgIds.hoshino, details: { reason: "conflict_of_interest" } });
    const failureOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code);
    expect(await failureOf(app.db.transaction((tx) => tx.execute(sql`set local role app_disclosure_owner`)))).toBe("42501");
  });

  it("reaches disclosure rows only under row-level security, and risk insights only as aggregates (migration 0008)", async () => {
    const failureOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code);
    expect(await app.db.execute(sql`select id from exposure_items`)).toHaveLength(0);
    expect(await failureOf(app.db.execute(sql`select version_id from exposure_dependences`))).toBe("42501");
    // The owner of the aggregate function reads every row; the application can never become it.
    expect(await failureOf(app.db.transaction((tx) => tx.execute(sql`set local role app_insights`)))).toBe("42501");
    const reviewer = (await t.ctxFor("reviewer@esb.example")).actor!;
    const rows = await app.db.transaction(async (tx) => {
      await enterRowSecurity(tx, reviewer);
      return tx.execute(sql`select product_code, company_count, suppressed from insights_exposure_mine(array['2026-H1']) where supplier_country is null`);
    });
    expect(rows).toEqual(expect.arrayContaining([{ product_code: "permanent_magnets", company_count: 3, suppressed: false }, { product_code: "semiconductors", company_count: null, suppressed: true }]));
  });

  it("cannot write which officials reach which companies, which the second wall reads (migration 0014), though its changes to assignments keep it", async () => {
    const failureOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code);
    const reviewer = (await t.ctxFor("reviewer@esb.example")).actor!;
    const outsider = (await t.ctxFor("officer@hoshino.example")).actor!;
    expect(await failureOf(app.db.execute(sql`insert into agency_reach values (${reviewer.userId}, ${outsider.orgId})`))).toBe("42501");
    expect(await failureOf(app.db.execute(sql`delete from agency_reach`))).toBe("42501");
    expect(await failureOf(app.db.execute(sql`truncate agency_reach`))).toBe("42501");
    // Through the owner's triggers, the application's own change to an assignment is reflected.
    await app.db.execute(sql`delete from product_assignments where user_id = ${reviewer.userId}`);
    expect(await app.db.execute(sql`select count(*)::int as n from agency_reach where user_id = ${reviewer.userId}`)).toEqual([{ n: 0 }]);
  });

  it("rolls the chain up into the access report's daily counts (migration 0019) through the owner's pass, but cannot write them", async () => {
    const failureOf = (p: Promise<unknown>) => p.then(() => null, (e: { code?: string; cause?: { code?: string } }) => e.cause?.code ?? e.code);
    await chainAll(app);
    expect(await rollUpAllAccesses(app.db)).toBeGreaterThan(0);
    expect(await failureOf(app.db.execute(sql`update audit_access_daily set total = total + 1`))).toBe("42501");
    expect(await failureOf(app.db.execute(sql`update audit_access_rollup set through_seq = 0`))).toBe("42501");
    expect(await failureOf(app.db.execute(sql`delete from audit_access_daily`))).toBe("42501");
    // It reads them (the access report does), and the pass moved the watermark as the owner.
    expect(await app.db.execute(sql`select (through_seq > 0) as moved, (select count(*) >= 0 from audit_access_daily) as readable from audit_access_rollup`)).toEqual([
      { moved: true, readable: true },
    ]);
  });

  it("runs the job queue the owner installed, and a requested checkpoint is sealed", async () => {
    // Before the owner made the schema, a server under this role could not start its queue (no right to
    // create it), and with it neither the audit loop: nothing was chained or sealed.
    const env = { ...process.env, AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
    const boss = await startJobs(app, env);
    try {
      await chainAll(app);
      const before = (await app.db.select().from(auditCheckpoints)).length;
      await requestCheckpoint(boss);
      const deadline = Date.now() + 20_000;
      while ((await app.db.select().from(auditCheckpoints)).length === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await app.db.select().from(auditCheckpoints)).toHaveLength(before + 1);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
