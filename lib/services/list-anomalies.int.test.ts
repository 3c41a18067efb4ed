import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAnomalies, parseAnomalyConfig } from "@/lib/audit/anomalies";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import type { AnomalyFlag, AnomalyRule } from "@/lib/schemas/anomaly-query";
import { insertAuditEvents, type CraftedEvent } from "@/lib/testing/audit-fixtures";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { ForbiddenError, NotFoundError } from "./errors";
import { getDisclosure } from "./get-disclosure";
import { listAnomalies } from "./list-anomalies";
import { openDisclosureBreakGlass } from "./open-disclosure-break-glass";
import { searchAuditEvents } from "./search-audit-events";

// Crafted events on days of their own in March 2021, one scenario per rule, each checked with the
// default thresholds: at the threshold a flag, one below it none.

const AUDITOR = "auditor@oversight.example";
const user = (email: string) => demoUsers.find((u) => u.email === email)!;
const officer = user("officer@hoshino.example");
const reviewer = user("reviewer@esb.example");
const approver = user("approver@esb.example");
type Person = typeof officer;

let t: TestDatabase;
const ids: Record<string, number[]> = {};

const by = (person: Person) => ({ actorUserId: person.id, actorOrgId: person.orgId, actorRole: person.role });
/** `n` ISO instants from `start`, `stepMs` apart. */
const times = (start: string, n: number, stepMs: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(start) + i * stepMs).toISOString());
const reads = (person: Person, at: string[], outcome: "allowed" | "denied" = "allowed"): CraftedEvent[] =>
  at.map((occurredAt) => ({ occurredAt, action: "profile.read", outcome, ...by(person), targetType: "company_profile", targetId: demoOrgIds.aoba }));
const denied = (person: Person | null, at: string[], extra: Partial<CraftedEvent> = {}): CraftedEvent[] =>
  at.map((occurredAt) => ({
    occurredAt,
    action: "access.denied",
    outcome: "denied",
    ...(person ? by(person) : {}),
    details: { attempted: "audit.read", reason: "role_lacks_permission" },
    ...extra,
  }));
const signInFailed = (email: string, at: string[], extra: Partial<CraftedEvent> = {}): CraftedEvent[] =>
  at.map((occurredAt) => ({ occurredAt, action: "auth.sign_in_failed", outcome: "denied", details: { email, reason: "unknown_user" }, ...extra }));
const tokenCreate = (occurredAt: string, outcome: "allowed" | "denied" = "allowed"): CraftedEvent => ({
  occurredAt,
  action: "api_token.create",
  outcome,
  ...by(user("admin@hoshino.example")),
  targetType: "api_token",
  targetId: crypto.randomUUID(),
  details: { name: "ci", expiresAt: "2021-06-01T00:00:00Z" },
});

async function craft(name: string, events: CraftedEvent[]) {
  ids[name] = await insertAuditEvents(t.database.db, events);
}

beforeAll(async () => {
  t = await createTestDatabase();
  // (a) 2021-03-01, from 01:00Z: the reviewer reads 51 times within the hour (and is refused 5 times, not
  // counted); the approver reads 50 times; the officer 60 times within an hour that straddles 02:00Z.
  await craft("reviewerReads", reads(reviewer, times("2021-03-01T01:00:00Z", 51, 60_000)));
  await craft("reviewerRefusedReads", reads(reviewer, times("2021-03-01T01:00:30Z", 5, 60_000), "denied"));
  await craft("approverReads", reads(approver, times("2021-03-01T01:00:00Z", 50, 60_000)));
  await craft("officerReads", reads(officer, times("2021-03-01T01:30:00Z", 60, 60_000)));
  // 2021-03-09: Aoba's officer reads 51 times within the hour, of two kinds, and meanwhile does what is
  // no read (a profile change, a sign-in) and is refused a read: none of those is the flag's.
  const aobaOfficer = user("officer@aoba.example");
  await craft(
    "mixedReads",
    reads(aobaOfficer, times("2021-03-09T01:00:00Z", 51, 60_000)).map((e, i) =>
      i % 3 === 0 ? { ...e, action: "disclosure.read", targetType: "disclosure", targetId: crypto.randomUUID(), targetOrgId: demoOrgIds.aoba } : e,
    ),
  );
  await craft("mixedOthers", [
    ...reads(aobaOfficer, ["2021-03-09T01:10:30Z", "2021-03-09T01:20:30Z"]).map((e) => ({ ...e, action: "profile.update", details: { changed: [], version: 2 } })),
    { ...reads(aobaOfficer, ["2021-03-09T01:15:30Z"])[0]!, action: "auth.sign_in", targetType: null, targetId: null, details: {} },
    ...reads(aobaOfficer, ["2021-03-09T01:30:30Z"], "denied"),
  ]);
  // (d) 2021-03-02: 10 refusals of the reviewer within 9 min 59 s; 9 of the approver within 10 min, and a
  // tenth exactly 10 min after the first; 25 of the officer, one every 30 s (one long burst); 10
  // anonymous ones from one address.
  await craft("reviewerDenials", denied(reviewer, [...times("2021-03-02T01:00:00Z", 9, 60_000), "2021-03-02T01:09:59.999999Z"]));
  await craft("approverDenials", denied(approver, [...times("2021-03-02T02:00:00Z", 9, 60_000), "2021-03-02T02:10:00Z"]));
  await craft("officerDenials", denied(officer, times("2021-03-02T03:00:00Z", 25, 30_000)));
  await craft("anonymousDenials", [
    ...denied(null, times("2021-03-02T04:00:00Z", 5, 10_000), { clientIp: "203.0.113.7" }),
    ...times("2021-03-02T04:01:00Z", 5, 10_000).map((occurredAt) => ({
      occurredAt,
      action: "auth.token_rejected",
      outcome: "denied" as const,
      clientIp: "203.0.113.7",
      details: { reason: "unknown" },
    })),
  ]);
  // A refusal from another address in that window: not the burst's, nor its link's.
  await craft("otherAddress", denied(null, ["2021-03-02T04:00:30Z"], { clientIp: "203.0.113.99" }));
  // A failed sign-in from the burst's address within it: a refusal too, but not one the burst counts.
  await craft("signInFromAddress", signInFailed("someone@example.test", ["2021-03-02T04:00:40Z"], { clientIp: "203.0.113.7" }));
  // (e) 2021-03-03: 5 failures for one email (in mixed case, from five addresses) within 14 min; 4 for
  // another; 5 from one address with five emails; 5 for a known account (its target: the user).
  await craft("mallory", signInFailed("Mallory@Example.test", times("2021-03-03T01:00:00Z", 4, 60_000)).map((e, i) => ({ ...e, clientIp: `192.0.2.${i + 1}` })));
  ids.mallory!.push(...(await insertAuditEvents(t.database.db, signInFailed("mallory@example.TEST", ["2021-03-03T01:14:00Z"], { clientIp: "192.0.2.9" }))));
  await craft("eve", signInFailed("eve@example.test", times("2021-03-03T02:00:00Z", 4, 60_000)));
  await craft("oneAddress", times("2021-03-03T03:00:00Z", 5, 60_000).flatMap((at, i) => signInFailed(`user${i}@example.test`, [at], { clientIp: "198.51.100.9" })));
  await craft(
    "officerFailures",
    signInFailed(officer.email, times("2021-03-03T04:00:00Z", 5, 60_000), { targetType: "user", targetId: officer.id, targetOrgId: officer.orgId }),
  );
  // (b), (c) 2021-03-04: refused outside assignment; refused behind a declared conflict of interest;
  // refused for another reason; a break-glass read; details that only look like break-glass.
  await craft("outside", denied(reviewer, ["2021-03-04T01:00:00Z"], { details: { attempted: "profile.read_company", reason: "outside_assignment" }, targetType: "company_profile", targetId: demoOrgIds.minato }));
  await craft("conflicted", denied(reviewer, ["2021-03-04T01:30:00Z"], { details: { attempted: "disclosure.read", reason: "conflict_of_interest" }, targetType: "disclosure", targetId: crypto.randomUUID(), targetOrgId: demoOrgIds.hoshino }));
  await craft("otherReason", denied(reviewer, ["2021-03-04T02:00:00Z"], { details: { attempted: "profile.read_company", reason: "role_lacks_permission" } }));
  await craft("otherTenant", denied(officer, ["2021-03-04T02:30:00Z"], { details: { attempted: "disclosure.read", reason: "other_tenant" }, targetType: "disclosure", targetId: crypto.randomUUID(), targetOrgId: demoOrgIds.tsubame }));
  await craft("breakGlass", [{ ...reads(approver, ["2021-03-04T03:00:00Z"])[0]!, purpose: "Incident 42: supply disruption", details: { breakGlass: true } }]);
  // Refused for the role: a platform admin and an auditor trying a company's disclosure (flagged); a
  // company's officer trying break-glass on their own company's and a reviewer withdrawing their own
  // agency's advisory (refused within their own organisation: not flagged).
  const roleRefused = (person: Person, at: string, attempted: string, targetType: string, targetOrgId: string) =>
    denied(person, [at], { details: { attempted, reason: "role_lacks_permission" }, targetType, targetId: crypto.randomUUID(), targetOrgId });
  await craft("adminTried", roleRefused(user("admin@kakehashi.example"), "2021-03-04T05:00:00Z", "disclosure.read_own", "disclosure", demoOrgIds.hoshino));
  await craft("auditorTried", roleRefused(user(AUDITOR), "2021-03-04T05:30:00Z", "disclosure.read_own", "disclosure", demoOrgIds.minato));
  await craft("ownCompany", roleRefused(officer, "2021-03-04T06:00:00Z", "disclosure.break_glass", "disclosure", officer.orgId));
  await craft("ownAgency", roleRefused(reviewer, "2021-03-04T06:30:00Z", "advisory.withdraw", "advisory", reviewer.orgId));
  await craft("notBreakGlass", [
    { ...reads(approver, ["2021-03-04T04:00:00Z"])[0]!, details: { breakGlass: false } },
    { ...reads(approver, ["2021-03-04T04:00:01Z"])[0]!, details: { breakGlass: "true" } },
  ]);
  // (f) around Friday 2021-03-05 and the weekend after, in Tokyo time (UTC+9).
  await craft("beforeHours", [tokenCreate("2021-03-05T07:59:59.999999+09:00")]);
  await craft("inHours", [tokenCreate("2021-03-05T08:00:00+09:00"), tokenCreate("2021-03-05T18:59:59.999999+09:00")]);
  await craft("afterHours", [tokenCreate("2021-03-05T19:00:00+09:00")]);
  await craft("weekend", [tokenCreate("2021-03-06T12:00:00+09:00"), tokenCreate("2021-03-07T23:59:59+09:00")]);
  await craft("mondayEarly", [tokenCreate("2021-03-08T00:00:00+09:00")]);
  await craft("notAdmin", [tokenCreate("2021-03-05T22:00:00+09:00", "denied"), { ...tokenCreate("2021-03-05T22:00:00+09:00"), action: "profile.update", details: { changed: [], version: 2 } }]);
  // What a password reset completed at night records: the owner taking the account back through the
  // link (no one signed in), not an administrator's change.
  const resetAt = "2021-03-05T23:00:00+09:00";
  const owner = user("officer@hoshino.example");
  await craft("resetAtNight", [
    { occurredAt: resetAt, action: "api_token.revoke", outcome: "allowed", targetType: "api_token", targetId: crypto.randomUUID(), targetOrgId: owner.orgId, details: { reason: "password_reset" } },
    { occurredAt: resetAt, action: "auth.unlock", outcome: "allowed", targetType: "user", targetId: owner.id, targetOrgId: owner.orgId, details: { failures: 10, wasBlocked: true, via: "password_reset" } },
  ]);
  // The operator's command line at night: no actor, but an administrative change all the same.
  await craft("operatorAtNight", [
    { ...tokenCreate("2021-03-05T03:00:00+09:00"), actorUserId: null, actorOrgId: null, actorRole: null, requestId: `cli-${crypto.randomUUID()}` },
  ]);
  // An administrator giving themselves products at night: their own account, but not its care.
  await craft("selfAssignedAtNight", [
    { occurredAt: "2021-03-05T02:00:00+09:00", action: "product_assignment.change", outcome: "allowed", ...by(approver), targetType: "user", targetId: approver.id, targetOrgId: approver.orgId, details: { added: ["rare_earths"], removed: [] } },
  ]);
  // People looking after their own account at night: not administrative changes either.
  await craft("ownAccountAtNight", [
    { occurredAt: resetAt, action: "session.revoke", outcome: "allowed", ...by(owner), targetType: "user", targetId: owner.id, targetOrgId: owner.orgId, details: { sessionIds: [], reason: "user" } },
    { occurredAt: resetAt, action: "mfa.remove", outcome: "allowed", ...by(reviewer), targetType: "user", targetId: reviewer.id, targetOrgId: reviewer.orgId, details: { by: "user" } },
  ]);
});
afterAll(async () => {
  await t?.close();
});

async function flagsOf(rule: AnomalyRule, from: string, to: string): Promise<AnomalyFlag[]> {
  const report = await listAnomalies({ ctx: await t.ctxFor(AUDITOR), input: { from, to } });
  return report.flags.filter((f) => f.rule === rule);
}

/** The ids the console's search finds when the flag's link is followed. */
async function linkedIds(flag: AnomalyFlag): Promise<number[]> {
  const url = new URL(flag.eventsLink, "http://portal.invalid");
  expect(url.pathname).toBe("/oversight/events");
  const page = await searchAuditEvents({ ctx: await t.ctxFor(AUDITOR), input: { ...Object.fromEntries(url.searchParams), limit: "200" } });
  expect(page.nextCursor).toBeNull();
  return page.items.map((e) => e.id).sort((a, b) => a - b);
}

const sorted = (list: number[]) => [...list].sort((a, b) => a - b);

describe("listAnomalies", () => {
  it("flags more than 50 reads by one user within any sixty minutes, across a change of hour too, and not 50", async () => {
    const flags = await flagsOf("unusual_volume", "2021-03-01T00:00:00Z", "2021-03-01T23:59:59Z");
    expect(flags.map((f) => f.actorUserId).sort()).toEqual([reviewer.id, officer.id].sort());
    expect(flags.find((f) => f.actorUserId === reviewer.id)).toMatchObject({
      severity: "high",
      actorEmail: reviewer.email,
      orgId: reviewer.orgId,
      action: "profile.read",
      count: 51,
      windowStart: "2021-03-01T01:00:00.000000Z",
      windowEnd: "2021-03-01T01:50:00.000000Z",
    });
    expect(await linkedIds(flags.find((f) => f.actorUserId === reviewer.id)!)).toEqual(sorted(ids.reviewerReads!));
    // Sixty reads from 01:30 to 02:29: thirty in each clock hour, which counting per clock hour let through.
    const officerFlag = flags.find((f) => f.actorUserId === officer.id)!;
    expect(officerFlag).toMatchObject({ count: 60, windowStart: "2021-03-01T01:30:00.000000Z", windowEnd: "2021-03-01T02:29:00.000000Z" });
    expect(await linkedIds(officerFlag)).toEqual(sorted(ids.officerReads!));
  });

  it("links a burst of mixed reads to exactly the reads it counted, naming their actions", async () => {
    const aobaOfficer = user("officer@aoba.example");
    const flags = await flagsOf("unusual_volume", "2021-03-09T00:00:00Z", "2021-03-09T23:59:59Z");
    expect(flags.map((f) => [f.actorUserId, f.action, f.count])).toEqual([[aobaOfficer.id, null, 51]]);
    const link = new URL(flags[0]!.eventsLink, "http://portal.invalid");
    expect(link.searchParams.get("action")).toBe("disclosure.read,profile.read");
    expect(await linkedIds(flags[0]!)).toEqual(sorted(ids.mixedReads!));
  });

  it("counts only the reads that lie in the requested range", async () => {
    const flags = await flagsOf("unusual_volume", "2021-03-01T01:00:30Z", "2021-03-01T23:59:59Z");
    expect(flags.filter((f) => f.actorUserId === reviewer.id)).toEqual([]);
    const early = await flagsOf("unusual_volume", "2021-03-01T00:00:00Z", "2021-03-01T01:50:00Z");
    expect(early.map((f) => [f.actorUserId, f.count, f.windowEnd])).toEqual([[reviewer.id, 51, "2021-03-01T01:50:00.000000Z"]]);
  });

  it("flags 10 denials of one actor within 10 minutes, merges a long burst, and not 9 (the tenth 10 minutes later)", async () => {
    const flags = await flagsOf("denial_burst", "2021-03-02T00:00:00Z", "2021-03-02T23:59:59Z");
    const ofUser = (id: string) => flags.filter((f) => f.actorUserId === id);
    expect(ofUser(approver.id)).toEqual([]);
    expect(ofUser(reviewer.id)).toHaveLength(1);
    expect(ofUser(reviewer.id)[0]).toMatchObject({
      severity: "high",
      actorEmail: reviewer.email,
      action: "access.denied",
      count: 10,
      windowStart: "2021-03-02T01:00:00.000000Z",
      windowEnd: "2021-03-02T01:09:59.999999Z",
    });
    expect(await linkedIds(ofUser(reviewer.id)[0]!)).toEqual(sorted(ids.reviewerDenials!));
    // The link finds refusals only, as the rule counts them.
    expect(new URL(ofUser(reviewer.id)[0]!.eventsLink, "http://portal.invalid").searchParams.get("outcome")).toBe("denied");
    expect(ofUser(officer.id)).toHaveLength(1);
    expect(ofUser(officer.id)[0]).toMatchObject({ count: 25, windowStart: "2021-03-02T03:00:00.000000Z", windowEnd: "2021-03-02T03:12:00.000000Z" });
    expect(await linkedIds(ofUser(officer.id)[0]!)).toEqual(sorted(ids.officerDenials!));
  });

  it("groups anonymous refusals by client address, across both kinds of refusal", async () => {
    const flags = await flagsOf("denial_burst", "2021-03-02T00:00:00Z", "2021-03-02T23:59:59Z");
    const anonymous = flags.filter((f) => f.actorUserId === null);
    expect(anonymous).toHaveLength(1);
    expect(anonymous[0]).toMatchObject({ clientIp: "203.0.113.7", action: null, count: 10 });
    // The link finds the address's refusals of both kinds, and nothing from another address, nor a refusal the rule does not count.
    expect(new URL(anonymous[0]!.eventsLink, "http://portal.invalid").searchParams.get("action")).toBe("access.denied,auth.token_rejected");
    expect(await linkedIds(anonymous[0]!)).toEqual(sorted(ids.anonymousDenials!));
  });

  it("uses the configured thresholds", async () => {
    const config = parseAnomalyConfig({ ANOMALY_DENIALS: "9", ANOMALY_DENIAL_MINUTES: "9" });
    const { flags } = await findAnomalies(t.database.db, { from: "2021-03-02T00:00:00Z", to: "2021-03-02T23:59:59Z" }, config);
    const approverFlags = flags.filter((f) => f.rule === "denial_burst" && f.actorUserId === approver.id);
    expect(approverFlags.map((f) => f.count)).toEqual([9]);
    // 01:00 to 01:08 and 01:01 to 01:09:59.999999 are both hot: one burst of all ten.
    expect(flags.find((f) => f.rule === "denial_burst" && f.actorUserId === reviewer.id)?.count).toBe(10);
  });

  it("flags 5 failed sign-ins for one email (whatever its case) within 15 minutes, and not 4", async () => {
    const flags = await flagsOf("sign_in_failures", "2021-03-03T00:00:00Z", "2021-03-03T23:59:59Z");
    const forEmail = (email: string) => flags.filter((f) => f.attemptedEmail === email && f.summary.includes(email));
    expect(forEmail("eve@example.test")).toEqual([]);
    expect(forEmail("mallory@example.test")).toHaveLength(1);
    expect(forEmail("mallory@example.test")[0]).toMatchObject({
      severity: "medium",
      action: "auth.sign_in_failed",
      count: 5,
      clientIp: null,
      windowStart: "2021-03-03T01:00:00.000000Z",
      windowEnd: "2021-03-03T01:14:00.000000Z",
    });
    expect(await linkedIds(forEmail("mallory@example.test")[0]!)).toEqual(sorted(ids.mallory!));
  });

  it("flags 5 failed sign-ins from one client address with different emails", async () => {
    const flags = await flagsOf("sign_in_failures", "2021-03-03T00:00:00Z", "2021-03-03T23:59:59Z");
    const fromAddress = flags.filter((f) => f.clientIp === "198.51.100.9");
    expect(fromAddress).toHaveLength(1);
    expect(fromAddress[0]).toMatchObject({ attemptedEmail: null, count: 5 });
    expect(await linkedIds(fromAddress[0]!)).toEqual(sorted(ids.oneAddress!));
  });

  it("links a known account's failures by their target, the user", async () => {
    const flags = await flagsOf("sign_in_failures", "2021-03-03T00:00:00Z", "2021-03-03T23:59:59Z");
    const flag = flags.find((f) => f.attemptedEmail === officer.email)!;
    expect(flag.count).toBe(5);
    expect(new URL(flag.eventsLink, "http://portal.invalid").searchParams.get("targetId")).toBe(officer.id);
    expect(await linkedIds(flag)).toEqual(sorted(ids.officerFailures!));
  });

  it("flags every refusal outside assignment, behind a declared conflict or in another company, and every break-glass access, and nothing else", async () => {
    const flags = await flagsOf("outside_assignment", "2021-03-04T00:00:00Z", "2021-03-04T23:59:59Z");
    expect(flags.map((f) => [f.severity, f.actorUserId, f.action, f.count])).toEqual([
      ["medium", user(AUDITOR).id, "access.denied", 1],
      ["medium", user("admin@kakehashi.example").id, "access.denied", 1],
      ["high", approver.id, "profile.read", 1],
      ["medium", officer.id, "access.denied", 1],
      ["medium", reviewer.id, "access.denied", 1],
      ["medium", reviewer.id, "access.denied", 1],
    ]);
    const competitor = flags.find((f) => f.actorUserId === officer.id)!;
    expect(competitor.summary).toMatch(/was refused another company's data/);
    expect(await linkedIds(competitor)).toEqual(ids.otherTenant);
    expect(await linkedIds(flags[2]!)).toEqual(ids.breakGlass);
    const outside = flags.find((f) => f.summary.includes(demoOrgIds.minato))!;
    expect(outside.summary).toMatch(/refused outside assignment/);
    expect(await linkedIds(outside)).toEqual(ids.outside);
    // A role's refusal at another organisation's data: the operator's and the auditor's tries at a company's disclosure.
    expect(flags[0]!.summary).toMatch(/^auditor@oversight\.example was refused another organisation's data, which their role may not reach on disclosure /);
    expect(await linkedIds(flags[0]!)).toEqual(ids.auditorTried);
    expect(await linkedIds(flags[1]!)).toEqual(ids.adminTried);
    const breakGlass = flags[2]!;
    const conflicted = flags.find((f) => f !== outside && f !== breakGlass && f !== competitor && f.actorUserId === reviewer.id)!;
    expect(conflicted.summary).toMatch(/declared a conflict of interest/);
    expect(await linkedIds(conflicted)).toEqual(ids.conflicted);
  });

  it("flags the operator's and an auditor's refused tries at a company's disclosure, not a company's user refused within their own company", async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    const admin = await t.ctxFor("admin@kakehashi.example");
    await expect(getDisclosure({ ctx: admin, input: { id: demoDisclosureIds.hoshinoH1 } })).rejects.toBeInstanceOf(NotFoundError);
    const auditor = await t.ctxFor(AUDITOR);
    await expect(getDisclosure({ ctx: auditor, input: { id: demoDisclosureIds.minatoH1 } })).rejects.toBeInstanceOf(NotFoundError);
    const own = await t.ctxFor(officer.email);
    await expect(openDisclosureBreakGlass({ ctx: own, input: { id: demoDisclosureIds.hoshinoH1, justification: "test: my own company's disclosure" } })).rejects.toBeInstanceOf(ForbiddenError);
    // Each refusal is recorded for its role, against the company whose disclosure was tried.
    for (const [ctx, company] of [[admin, demoOrgIds.hoshino], [auditor, demoOrgIds.minato], [own, demoOrgIds.hoshino]] as const) {
      expect(await auditEventsOf(t.database, ctx.requestId)).toMatchObject([{ action: "access.denied", targetOrgId: company, details: { reason: "role_lacks_permission" } }]);
    }
    const flags = await flagsOf("outside_assignment", from, new Date(Date.now() + 1000).toISOString());
    expect(flags.map((f) => [f.actorUserId, f.orgId, f.action, f.count])).toEqual([
      [user(AUDITOR).id, user(AUDITOR).orgId, "access.denied", 1],
      [user("admin@kakehashi.example").id, demoOrgIds.operator, "access.denied", 1],
    ]);
    const [auditorEvent] = await auditEventsOf(t.database, auditor.requestId);
    expect(await linkedIds(flags[0]!)).toEqual([auditorEvent!.id]);
  });

  it("flags break-glass use with its purpose, only for a true marker", async () => {
    const flags = await flagsOf("break_glass", "2021-03-04T00:00:00Z", "2021-03-04T23:59:59Z");
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ severity: "high", actorUserId: approver.id, actorEmail: approver.email, windowStart: "2021-03-04T03:00:00.000000Z" });
    expect(flags[0]!.summary).toContain("Incident 42");
    expect(await linkedIds(flags[0]!)).toEqual(ids.breakGlass);
  });

  it("flags administrative changes before 08:00, from 19:00 and at weekends (Tokyo), not within office hours, nor what a reset link or a person's care of their own account did", async () => {
    const flags = await flagsOf("admin_out_of_hours", "2021-03-04T00:00:00Z", "2021-03-08T23:59:59Z");
    const flagged = flags.map((f) => f.windowStart);
    expect(flagged).toEqual([
      "2021-03-07T15:00:00.000000Z", // Monday 00:00
      "2021-03-07T14:59:59.000000Z", // Sunday 23:59:59
      "2021-03-06T03:00:00.000000Z", // Saturday noon
      "2021-03-05T10:00:00.000000Z", // Friday 19:00
      "2021-03-04T22:59:59.999999Z", // Friday 07:59:59.999999
      "2021-03-04T18:00:00.000000Z", // Friday 03:00, the operator's command line
      "2021-03-04T17:00:00.000000Z", // Friday 02:00, products assigned to oneself
    ]);
    expect(flags.map((f) => f.summary.includes("weekend"))).toEqual([false, true, true, false, false, false, false]);
    for (const flag of flags.slice(0, 6)) expect(flag).toMatchObject({ severity: "medium", action: "api_token.create", count: 1 });
    expect(flags[5]).toMatchObject({ actorUserId: null, clientIp: null });
    expect(flags[5]!.summary).toMatch(/^api_token\.create on api_token \S+ by the operator command line outside office hours \(08:00–19:00\), Tokyo time\.$/);
    expect(flags[6]).toMatchObject({ severity: "medium", action: "product_assignment.change", actorUserId: approver.id, count: 1 });
    const linked = (await Promise.all(flags.map(linkedIds))).flat();
    expect(sorted(linked)).toEqual(
      sorted([...ids.beforeHours!, ...ids.afterHours!, ...ids.weekend!, ...ids.mondayEarly!, ...ids.operatorAtNight!, ...ids.selfAssignedAtNight!]),
    );
  });

  it("cuts a rule's list at the limit and says so", async () => {
    const { flags, truncated } = await findAnomalies(
      t.database.db,
      // From after the refusals and the break-glass read of that morning (UTC), so only one rule passes the limit.
      { from: "2021-03-04T12:00:00Z", to: "2021-03-08T23:59:59Z" },
      parseAnomalyConfig({}),
      2,
    );
    expect(flags.filter((f) => f.rule === "admin_out_of_hours")).toHaveLength(2);
    expect(truncated).toEqual(["admin_out_of_hours"]);
  });

});
