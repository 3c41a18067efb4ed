import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { emit } from "@/lib/audit/emit";
import { epochMicros, type AuditEventRecord } from "@/lib/schemas/audit-search";
import { insertAuditEvents, type CraftedEvent } from "@/lib/testing/audit-fixtures";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError, UnauthenticatedError, ValidationError } from "./errors";
import { searchAuditEvents } from "./search-audit-events";
import { expectAuditReadRefused } from "@/lib/testing/audit-refusals";

const AUDITOR = "auditor@oversight.example";
const user = (email: string) => demoUsers.find((u) => u.email === email)!;
const officer = user("officer@hoshino.example");
const reviewer = user("reviewer@esb.example");

let t: TestDatabase;
let crafted: number[];

// 36 events in 2020, in groups of three: two at exactly the same instant (the id breaks the tie) and
// one a single microsecond later (the cursor must not round it away).
function craftedWorld(): CraftedEvent[] {
  const actors = [officer, reviewer, null] as const;
  const targets = [
    { targetType: "company_profile", targetId: demoOrgIds.hoshino, targetOrgId: demoOrgIds.hoshino },
    { targetType: "company_profile", targetId: demoOrgIds.aoba, targetOrgId: demoOrgIds.aoba },
    { targetType: "api_token", targetId: "00000000-0000-4000-b000-000000000001", targetOrgId: demoOrgIds.hoshino },
    { targetType: null, targetId: null, targetOrgId: null },
  ];
  return Array.from({ length: 36 }, (_, i) => {
    const second = String(Math.floor(i / 3)).padStart(2, "0");
    const actor = actors[i % 3];
    return {
      occurredAt: `2020-01-01T00:00:${second}${i % 3 === 2 ? ".000001" : ""}Z`,
      action: ["test.alpha", "test.beta", "test.gamma", "test.delta"][i % 4]!,
      outcome: (["allowed", "denied", "error"] as const)[Math.floor(i / 2) % 3],
      actorUserId: actor?.id ?? null,
      actorOrgId: actor?.orgId ?? null,
      actorRole: actor?.role ?? null,
      ...targets[Math.floor(i / 4) % 4],
    };
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  crafted = await insertAuditEvents(t.database.db, craftedWorld());
});
afterAll(async () => {
  await t?.close();
});

async function auditorCtx() {
  return t.ctxFor(AUDITOR);
}

/** Every page of a search, following the cursor. */
async function searchAll(filters: Record<string, string>, limit: number) {
  const ctx = await auditorCtx();
  const pages: AuditEventRecord[][] = [];
  let cursor: string | null = null;
  do {
    const page = await searchAuditEvents({ ctx, input: { ...filters, limit: String(limit), ...(cursor ? { cursor } : {}) } });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    pages.push(page.items);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(1000);
  } while (cursor);
  return { pages, items: pages.flat() };
}

/** The whole log, newest first by (occurred_at, id), read in one go (200 is enough in this world). */
async function everything(): Promise<AuditEventRecord[]> {
  const { items } = await searchAll({}, 200);
  return items;
}

const newestFirst = (a: AuditEventRecord, b: AuditEventRecord) => {
  const byTime = epochMicros(b.occurredAt)! - epochMicros(a.occurredAt)!;
  return byTime === 0n ? b.id - a.id : byTime > 0n ? 1 : -1;
};

async function rejected(input: Record<string, unknown>): Promise<ValidationError> {
  const error = await searchAuditEvents({ ctx: await auditorCtx(), input }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe("searchAuditEvents", () => {
  it("returns the newest events first, every column of the record, and the actor's email", async () => {
    const ctx = await t.ctxFor("reviewer@esb.example");
    await emit(ctx.db, { ...ctx, userAgent: "Mozilla/5.0 (test)" }, {
      action: "profile.read",
      outcome: "allowed",
      target: { type: "company_profile", id: demoOrgIds.hoshino, orgId: demoOrgIds.hoshino },
      purpose: "search test",
      details: {},
    });
    const page = await searchAuditEvents({ ctx: await auditorCtx(), input: { limit: "1" } });
    expect(page.items).toHaveLength(1);
    const [event] = page.items;
    expect(Object.keys(event!).sort()).toEqual(
      [
        "id", "occurredAt", "actorUserId", "actorEmail", "actorOrgId", "actorRole", "action", "targetType", "targetId", "targetOrgId",
        "outcome", "purpose", "requestId", "clientIp", "userAgent", "details", "seq", "chainVersion", "hash",
      ].sort(),
    );
    expect(event).toMatchObject({
      actorUserId: reviewer.id,
      actorEmail: "reviewer@esb.example",
      actorOrgId: demoOrgIds.esb,
      actorRole: "agency_reviewer",
      action: "profile.read",
      targetType: "company_profile",
      targetId: demoOrgIds.hoshino,
      targetOrgId: demoOrgIds.hoshino,
      outcome: "allowed",
      purpose: "search test",
      requestId: ctx.requestId,
      clientIp: "127.0.0.1",
      userAgent: "Mozilla/5.0 (test)",
      details: {},
    });
    expect(event!.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    // Chained by the sequencer in its own time: null until then, and well-formed after.
    if (event!.seq === null) expect(event!.hash).toBeNull();
    else expect(event!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("pages through more than two pages, every event exactly once, in order", async () => {
    const { pages, items } = await searchAll({ from: "2020-01-01T00:00:00Z", to: "2020-01-01T00:01:00Z" }, 5);
    expect(pages.length).toBe(Math.ceil(crafted.length / 5));
    expect(items.map((e) => e.id).sort((a, b) => a - b)).toEqual([...crafted].sort((a, b) => a - b));
    expect(items).toEqual([...items].sort(newestFirst));
    // The two events of a group share their instant; the third is one microsecond later, and first.
    expect(items[0]!.occurredAt).toBe("2020-01-01T00:00:11.000001Z");
    expect(items[1]!.occurredAt).toBe("2020-01-01T00:00:11.000000Z");
    expect(items[1]!.id).toBeGreaterThan(items[2]!.id);
  });

  it("pages through the whole log the same way, whatever the page size", async () => {
    const all = await everything();
    expect(all).toEqual([...all].sort(newestFirst));
    // Each search adds its own event: the log as it was is the log up to its newest event then.
    const asItWas = { to: all[0]!.occurredAt };
    for (const size of [1, 7, 50]) {
      const { items } = await searchAll(asItWas, size);
      expect(items.map((e) => e.id)).toEqual(all.map((e) => e.id));
    }
  });

  const filterCases: [string, Record<string, string>, (e: AuditEventRecord) => boolean][] = [
    ["actor", { actor: officer.id }, (e) => e.actorUserId === officer.id],
    ["organisation (as actor or as target)", { organisation: demoOrgIds.hoshino }, (e) => e.actorOrgId === demoOrgIds.hoshino || e.targetOrgId === demoOrgIds.hoshino],
    ["organisation (only as target)", { organisation: demoOrgIds.aoba }, (e) => e.actorOrgId === demoOrgIds.aoba || e.targetOrgId === demoOrgIds.aoba],
    ["action", { action: "test.beta" }, (e) => e.action === "test.beta"],
    ["target type", { targetType: "api_token" }, (e) => e.targetType === "api_token"],
    ["target id", { targetId: demoOrgIds.aoba }, (e) => e.targetId === demoOrgIds.aoba],
    ["outcome", { outcome: "error" }, (e) => e.outcome === "error"],
    [
      "time range, both ends included, to the microsecond",
      { from: "2020-01-01T00:00:02.000001Z", to: "2020-01-01T09:00:05+09:00" },
      (e) => epochMicros(e.occurredAt)! >= epochMicros("2020-01-01T00:00:02.000001Z")! && epochMicros(e.occurredAt)! <= epochMicros("2020-01-01T00:00:05Z")!,
    ],
    [
      "time without an offset, read as Tokyo time",
      { from: "2020-01-01T09:00:10", to: "2020-01-01T09:00:10.5" },
      (e) => e.occurredAt.startsWith("2020-01-01T00:00:10."),
    ],
    ["several actions (any of them), each once", { action: "test.beta, test.delta,test.beta" }, (e) => e.action === "test.beta" || e.action === "test.delta"],
    [
      "several actions and an organisation (as actor or as target)",
      { action: "test.alpha,test.gamma", organisation: demoOrgIds.hoshino },
      (e) => (e.action === "test.alpha" || e.action === "test.gamma") && (e.actorOrgId === demoOrgIds.hoshino || e.targetOrgId === demoOrgIds.hoshino),
    ],
    [
      "several filters at once",
      { organisation: demoOrgIds.hoshino, outcome: "denied", action: "test.beta" },
      (e) => (e.actorOrgId === demoOrgIds.hoshino || e.targetOrgId === demoOrgIds.hoshino) && e.outcome === "denied" && e.action === "test.beta",
    ],
  ];

  it.each(filterCases)("narrows by %s", async (_name, filters, matches) => {
    const all = await everything();
    const expected = all.filter(matches).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    const { items } = await searchAll(filters, 4);
    expect(items.map((e) => e.id)).toEqual(expected);
  });

  it("records every search as an event: its filters as given, the page size, whether it continued, what it answered", async () => {
    const ctx = await auditorCtx();
    const first = await searchAuditEvents({ ctx, input: { action: "test.beta", outcome: "", from: "2020-01-01T09:00:00", limit: "4" } });
    expect(first.items).toHaveLength(4);
    const next = await searchAuditEvents({ ctx, input: { action: "test.beta", from: "2020-01-01T09:00:00", limit: "4", cursor: first.nextCursor! } });
    const recorded = await auditEventsOf(t.database, ctx.requestId);
    expect(recorded.map((e) => [e.action, e.outcome, e.actorUserId, e.actorRole, e.targetType, e.details])).toEqual(
      [
        { continued: false, results: 4 },
        { continued: true, results: next.items.length },
      ].map((page) => [
        "audit.search",
        "allowed",
        user(AUDITOR).id,
        "auditor",
        null,
        { filters: { action: "test.beta", from: "2020-01-01T09:00:00+09:00" }, limit: 4, ...page },
      ]),
    );
    // The auditor finds their own searches like any other event.
    const { items } = await searchAuditEvents({ ctx: await auditorCtx(), input: { action: "audit.search", actor: user(AUDITOR).id, limit: "2" } });
    expect(items.map((e) => e.id)).toEqual(recorded.map((e) => e.id).reverse());
  });

  it("records several actions as the query names them", async () => {
    const ctx = await auditorCtx();
    await searchAuditEvents({ ctx, input: { action: "test.beta, test.alpha", limit: "2" } });
    const [recorded] = await auditEventsOf(t.database, ctx.requestId);
    expect(recorded!.details).toEqual({ filters: { action: "test.beta,test.alpha" }, limit: 2, continued: false, results: 2 });
  });

  it("refuses more than 10 actions, or a malformed one among them, naming `action`", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `test.a${i}`).join(",");
    expect((await rejected({ action: eleven })).fieldErrors).toEqual([{ path: "action", message: "Enter at most 10 actions." }]);
    expect((await rejected({ action: "test.alpha,test beta" })).fieldErrors.map((e) => e.path)).toEqual(["action"]);
    expect((await rejected({ action: ["test.alpha", "test.beta"] })).fieldErrors.map((e) => e.path)).toEqual(["action"]);
  });

  it("records nothing for a search it refuses", async () => {
    const ctx = await auditorCtx();
    await expect(searchAuditEvents({ ctx, input: { limit: "500" } })).rejects.toBeInstanceOf(ValidationError);
    expect(await auditEventsOf(t.database, ctx.requestId)).toEqual([]);
  });

  it("answers an empty page, without a cursor, when nothing matches", async () => {
    const page = await searchAuditEvents({ ctx: await auditorCtx(), input: { action: "no.such_action" } });
    expect(page).toEqual({ items: [], nextCursor: null });
  });

  it("treats empty filters from a GET form as absent", async () => {
    const page = await searchAuditEvents({ ctx: await auditorCtx(), input: { actor: "", organisation: "", action: "", outcome: "", from: "", to: "", limit: "3" } });
    expect(page.items).toHaveLength(3);
  });

  it("refuses a corrupt cursor", async () => {
    for (const cursor of ["not a cursor", "AAAA", Buffer.from("1|2020-01-01T00:00:00.000000Z|x").toString("base64url")]) {
      const error = await rejected({ cursor });
      expect(error.fieldErrors).toEqual([{ path: "cursor", message: "This page link is not valid. Start again from the first page." }]);
    }
  });

  it("refuses a time range that ends before it starts, naming `to`", async () => {
    const error = await rejected({ from: "2020-01-02T00:00:00Z", to: "2020-01-01T00:00:00Z" });
    expect(error.fieldErrors).toEqual([{ path: "to", message: "The end of the time range must not be before its start." }]);
  });

  it("refuses a page size of 500, or 0", async () => {
    expect((await rejected({ limit: "500" })).fieldErrors).toEqual([{ path: "limit", message: "Enter a page size from 1 to 200." }]);
    expect((await rejected({ limit: 0 })).fieldErrors.map((e) => e.path)).toEqual(["limit"]);
  });

  it("refuses an unknown field, naming it", async () => {
    const error = await rejected({ action: "auth.sign_in", offset: "100" });
    expect(error.fieldErrors).toEqual([{ path: "offset", message: "This filter is not known." }]);
  });

  it("refuses malformed filters, every one at once", async () => {
    const error = await rejected({ actor: "someone", organisation: "42", action: "a b", outcome: "ok", from: "soon" });
    expect(error.fieldErrors.map((e) => e.path).sort()).toEqual(["action", "actor", "from", "organisation", "outcome"]);
    for (const e of error.fieldErrors) expect(e.message).not.toMatch(/^validation\./);
  });

  it.each(["officer@hoshino.example", "reviewer@esb.example", "admin@kakehashi.example"])(
    "answers %s with NotFoundError and records the refusal",
    (email) => expectAuditReadRefused(t, email, (ctx) => searchAuditEvents({ ctx, input: {} }), { actorUserId: user(email).id, actorRole: user(email).role }),
  );

  it("checks the permission before the filters: a bad filter from a non-auditor is still 404", async () => {
    const ctx = await t.ctxFor("officer@hoshino.example");
    await expect(searchAuditEvents({ ctx, input: { limit: "500" } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses an anonymous caller", async () => {
    await expect(searchAuditEvents({ ctx: await t.ctxFor(null), input: {} })).rejects.toBeInstanceOf(UnauthenticatedError);
  });
});
