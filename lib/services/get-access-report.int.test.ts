import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrganisations, demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { insertAuditEvents, type CraftedEvent } from "@/lib/testing/audit-fixtures";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { rowsOf, type Db, type Tx } from "@/db/client";
import { rollUpAccesses, rollUpAllAccesses } from "@/lib/audit/access-rollup";
import { auditEventsOf, chainAll, createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError, ValidationError } from "./errors";
import { getAccessReport } from "./get-access-report";

const AUDITOR = "auditor@oversight.example";
const user = (email: string) => demoUsers.find((u) => u.email === email)!;
const reviewer = user("reviewer@esb.example");
const reviewer2 = user("reviewer2@esb.example");
const approver = user("approver@esb.example");
const officer = user("officer@hoshino.example");

// A week of 2020 (the demo's own events are years later): accesses to Hoshino's and Aoba's data by
// government staff, and events the report must leave out.
const range = { from: "2020-03-01T00:00:00Z", to: "2020-03-08T00:00:00Z" };
const at = (day: number, hour = 9) => `2020-03-0${day}T0${hour}:00:00Z`;
const by = (u: typeof reviewer) => ({ actorUserId: u.id, actorOrgId: u.orgId, actorRole: u.role });
const onto = (orgId: string, type = "disclosure") => ({ targetType: type, targetId: `${type}-of-${orgId}`, targetOrgId: orgId });

function week(): CraftedEvent[] {
  return [
    { occurredAt: at(2), action: "disclosure.read", ...by(reviewer), ...onto(demoOrgIds.hoshino) },
    { occurredAt: at(3), action: "disclosure.read", ...by(reviewer), ...onto(demoOrgIds.hoshino) },
    { occurredAt: at(4), action: "profile.read", ...by(reviewer), ...onto(demoOrgIds.hoshino, "company_profile") },
    { occurredAt: at(4, 5), action: "disclosure.review", ...by(reviewer), ...onto(demoOrgIds.hoshino) },
    { occurredAt: at(5), action: "disclosure.read", ...by(approver), ...onto(demoOrgIds.hoshino), details: { breakGlass: true } },
    { occurredAt: at(6), action: "access.denied", outcome: "denied", ...by(reviewer2), ...onto(demoOrgIds.hoshino) },
    { occurredAt: at(6, 7), action: "access.denied", outcome: "denied", ...by(reviewer2), ...onto(demoOrgIds.hoshino) },
    { occurredAt: at(3), action: "disclosure.read", ...by(reviewer), ...onto(demoOrgIds.aoba) },
    // Named in a reach preview from its disclosed supplier countries: a read too.
    { occurredAt: at(3, 8), action: "advisory.reach_preview", ...by(reviewer), ...onto(demoOrgIds.aoba, "organisation"), details: { products: ["crm_gallium"] } },
    // Left out: the company's own officer, a target that is no company, before and after the range.
    { occurredAt: at(3), action: "disclosure.update", ...by(officer), ...onto(demoOrgIds.hoshino) },
    { occurredAt: at(3), action: "advisory.read", ...by(reviewer), ...onto(demoOrgIds.esb, "advisory") },
    { occurredAt: "2020-02-29T23:59:59Z", action: "disclosure.read", ...by(reviewer), ...onto(demoOrgIds.hoshino) },
    { occurredAt: "2020-03-08T00:00:01Z", action: "disclosure.read", ...by(reviewer), ...onto(demoOrgIds.hoshino) },
  ];
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await insertAuditEvents(t.database.db, week());
});
afterAll(async () => {
  await t?.close();
});

const report = async (input: Record<string, unknown>) => getAccessReport({ ctx: await t.ctxFor(AUDITOR), input });
const counts = (rows: Awaited<ReturnType<typeof report>>["rows"]) =>
  rows.map((r) => [r.companyEn, r.actorEmail, r.role, r.reads, r.reviews, r.denials, r.breakGlass, r.total, r.first, r.last]);
const hoshino = demoOrganisations.find((o) => o.id === demoOrgIds.hoshino)!.nameEn;
const aoba = demoOrganisations.find((o) => o.id === demoOrgIds.aoba)!.nameEn;

/** What the rollup holds: the sum of its counts, and how far it has read the chain. */
const rolledUp = async () =>
  rowsOf<{ total: number; through: number }>(
    await t.database.db.execute(sql`select coalesce(sum(total), 0)::int as total, (select through_seq from audit_access_rollup)::int as through from audit_access_daily`),
  )[0]!;

describe("getAccessReport", () => {
  it("counts each official's accesses to each company's data within the range, busiest first per company", async () => {
    const { rows, truncated, from, to } = await report(range);
    expect({ from, to, truncated }).toEqual({ ...range, truncated: false });
    expect(counts(rows)).toEqual(
      [
        [aoba, reviewer.email, "agency_reviewer", 2, 0, 0, 0, 2, "2020-03-03T08:00:00.000000Z", "2020-03-03T09:00:00.000000Z"],
        [hoshino, reviewer.email, "agency_reviewer", 3, 1, 0, 0, 4, "2020-03-02T09:00:00.000000Z", "2020-03-04T09:00:00.000000Z"],
        [hoshino, reviewer2.email, "agency_reviewer", 0, 0, 2, 0, 2, "2020-03-06T07:00:00.000000Z", "2020-03-06T09:00:00.000000Z"],
        [hoshino, approver.email, "agency_approver", 1, 0, 0, 1, 1, "2020-03-05T09:00:00.000000Z", "2020-03-05T09:00:00.000000Z"],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(b[7]) - Number(a[7]) || String(a[1]).localeCompare(String(b[1]))),
    );
    expect(rows.every((r) => r.agencyEn === "Economic Security Bureau")).toBe(true);
    // Each row leads to the console's search for exactly its events.
    const approverRow = rows.find((r) => r.actorEmail === approver.email)!;
    expect(Object.fromEntries(new URL(approverRow.eventsLink, "http://x").searchParams)).toEqual({
      actor: approver.id,
      organisation: demoOrgIds.hoshino,
      from: "2020-03-05T09:00:00.000000Z",
      to: "2020-03-05T09:00:00.000000Z",
    });
  });

  it("narrows to one company, and lists every company for the filter", async () => {
    const { rows, companies } = await report({ ...range, organisation: demoOrgIds.aoba });
    expect(counts(rows).map((r) => [r[0], r[1]])).toEqual([[aoba, reviewer.email]]);
    expect(companies.map((c) => c.id).sort()).toEqual(demoOrganisations.filter((o) => o.type === "company").map((o) => o.id).sort());
  });

  it("records the report, with its filters and size, in its own transaction", async () => {
    const ctx = await t.ctxFor(AUDITOR);
    await getAccessReport({ ctx, input: { ...range, organisation: demoOrgIds.hoshino } });
    const recorded = await auditEventsOf(t.database, ctx.requestId);
    expect(recorded.map((e) => [e.action, e.outcome, e.actorRole, e.targetType, e.details])).toEqual([
      ["audit.access_report", "allowed", "auditor", null, { filters: { organisation: demoOrgIds.hoshino, ...range }, rows: 3 }],
    ]);
  });

  it("refuses a reversed or too long range, a malformed company id and an unknown field, all at once where it can, recording nothing", async () => {
    const ctx = await t.ctxFor(AUDITOR);
    const refusal = (input: Record<string, unknown>) => getAccessReport({ ctx, input }).then(() => null, (error: unknown) => error);
    const paths = async (input: Record<string, unknown>) => {
      const error = await refusal(input);
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).fieldErrors.map((f) => [f.path, f.message]);
    };
    expect(await paths({ from: "2020-03-08T00:00:00Z", to: "2020-03-01T00:00:00Z" })).toEqual([["to", "The end of the time range must not be before its start."]]);
    expect(await paths({ from: "2020-01-01T00:00:00Z", to: "2020-03-01T00:00:00Z" })).toEqual([["to", "The time range may span 31 days at most."]]);
    expect((await paths({ organisation: "hoshino", colour: "teal" })).map(([path]) => path).sort()).toEqual(["colour", "organisation"]);
    expect(await auditEventsOf(t.database, ctx.requestId)).toEqual([]);
  });

  it.each(["officer@hoshino.example", "reviewer@esb.example", "admin@kakehashi.example"])("is not there for %s (404), and the attempt is recorded", async (email) => {
    const ctx = await t.ctxFor(email);
    await expect(getAccessReport({ ctx, input: range })).rejects.toBeInstanceOf(NotFoundError);
    const recorded = await auditEventsOf(t.database, ctx.requestId);
    expect(recorded.map((e) => [e.action, e.outcome])).toEqual([["access.denied", "denied"]]);
  });
});

describe("the daily rollup", () => {
  // Tokyo days begin at 15:00 UTC: these ranges start and end inside days, lie within one day, or are whole.
  const ranges = [
    range,
    { from: "2020-03-02T03:30:00Z", to: "2020-03-06T08:00:00Z" },
    { from: "2020-03-04T01:00:00Z", to: "2020-03-04T10:00:00Z" },
    { from: "2020-03-01T15:00:00Z", to: "2020-03-05T14:59:59.999999Z" },
    { ...range, organisation: demoOrgIds.hoshino },
  ];
  const allReports = async () => {
    const out = [];
    for (const r of ranges) out.push(counts((await report(r)).rows));
    return out;
  };

  it("gives the same reports however far it has read the chain, and counts each event once", async () => {
    await chainAll(t.database);
    const scanned = await allReports();
    expect(scanned[0]).toHaveLength(4);
    expect(scanned[2]).not.toEqual([]);

    await rollUpAccesses(t.database.db, 5); // part of the chain: the rest is scanned
    expect((await rolledUp()).through).toBe(5);
    expect(await allReports()).toEqual(scanned);

    await rollUpAllAccesses(t.database.db, 7);
    const caughtUp = await rolledUp();
    expect(caughtUp.total).toBeGreaterThanOrEqual(10); // the week's government accesses at least
    expect(await allReports()).toEqual(scanned);
    // Passes with nothing new change nothing.
    expect(await rollUpAccesses(t.database.db)).toBe(0);
    expect(await rolledUp()).toEqual(caughtUp);
  });

  it("counts what came after it caught up, chained or not yet", async () => {
    await rollUpAllAccesses(t.database.db);
    const before = counts((await report(range)).rows);
    const aobaRow = (rows: ReturnType<typeof counts>) => rows.find((r) => r[0] === aoba)!;
    await insertAuditEvents(t.database.db, [{ occurredAt: "2020-03-03T10:00:00Z", action: "disclosure.read", ...by(reviewer), ...onto(demoOrgIds.aoba) }]);
    const unchained = aobaRow(counts((await report(range)).rows));
    await chainAll(t.database);
    const chained = aobaRow(counts((await report(range)).rows));
    await rollUpAllAccesses(t.database.db);
    const rolled = aobaRow(counts((await report(range)).rows));
    const expected = [aoba, reviewer.email, "agency_reviewer", 3, 0, 0, 0, 3, "2020-03-03T08:00:00.000000Z", "2020-03-03T10:00:00.000000Z"];
    expect(aobaRow(before)[3]).toBe(2);
    expect({ unchained, chained, rolled }).toEqual({ unchained: expected, chained: expected, rolled: expected });
  });
});

/**
 * `db` whose transactions run `before(tx)` just before their first statement that reads the daily counts:
 * the moment a rollup pass elsewhere may commit, made certain.
 */
function passingBefore(db: Db, before: (tx: Tx) => Promise<void>): Db {
  const dialect = new PgDialect();
  const forward = <T extends object>(target: T, prop: string | symbol) => {
    const value = Reflect.get(target, prop, target) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  };
  const watched = (tx: Tx): Tx => {
    let done = false;
    return new Proxy(tx, {
      get: (target, prop) =>
        prop !== "execute"
          ? forward(target, prop)
          : async (query: SQL) => {
              if (!done && dialect.sqlToQuery(query).sql.includes("audit_access_daily")) {
                done = true;
                await before(target);
              }
              return target.execute(query);
            },
    });
  };
  return new Proxy(db, {
    get: (target, prop) =>
      prop !== "transaction" ? forward(target, prop) : (work: (tx: Tx) => Promise<unknown>, config?: never) => target.transaction((tx) => work(watched(tx)), config),
  });
}

describe("a rollup pass that commits while the report is read", () => {
  // April 2020, apart from the week above: whole Tokyo days of accesses, chained and not yet rolled up.
  const april = { from: "2020-04-01T00:00:00Z", to: "2020-04-08T00:00:00Z" };

  it("counts each event once: how far the rollup has read and what it counted are read in one snapshot", async () => {
    await insertAuditEvents(t.database.db, [
      { occurredAt: "2020-04-02T09:00:00Z", action: "disclosure.read", ...by(reviewer), ...onto(demoOrgIds.hoshino) },
      { occurredAt: "2020-04-03T09:00:00Z", action: "disclosure.read", ...by(reviewer), ...onto(demoOrgIds.hoshino) },
      { occurredAt: "2020-04-03T10:00:00Z", action: "access.denied", outcome: "denied", ...by(reviewer2), ...onto(demoOrgIds.aoba) },
    ]);
    await chainAll(t.database);
    const before = (await rolledUp()).through;
    // Nothing of April is rolled up yet: the report scans all of it.
    const scanOnly = counts((await report(april)).rows);
    expect(scanOnly.map((r) => [r[0], r[1], r[7]])).toEqual([
      [aoba, reviewer2.email, 1],
      [hoshino, reviewer.email, 2],
    ]);

    // The pass commits after the report began, just before it counts: on PostgreSQL from another
    // connection; on PGlite, whose one connection the report holds, in the report's transaction.
    const ctx = await t.ctxFor(AUDITOR);
    const pass = (tx: Tx) => rollUpAllAccesses(testDatabaseKind() === "postgres" ? t.database.db : tx).then(() => undefined);
    const raced = await getAccessReport({ ctx: { ...ctx, db: passingBefore(ctx.db as Db, pass) }, input: april });
    expect((await rolledUp()).through).toBeGreaterThan(before);
    expect(counts(raced.rows)).toEqual(scanOnly);
  });
});
