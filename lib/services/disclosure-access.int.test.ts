import { eq, sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/db/client";
import { conflictDeclarations, disclosureReviews, disclosures, disclosureVersions, exposureItems } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
import { parseCsv } from "@/lib/testing/audit-fixtures";
import { APPROVER_ID, BREAK_GLASS_JUSTIFICATION, minatoOutsideApprover } from "@/lib/testing/break-glass-fixtures";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "./context";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { authenticateToken } from "./authenticate-token";
import { operatorContext } from "./context";
import { createDisclosure } from "./create-disclosure";
import { declareConflict } from "./declare-conflict";
import { getDisclosure } from "./get-disclosure";
import { issueCliToken } from "./issue-cli-token";
import { enterRowSecurity } from "./internal/row-security";
import { exportAccessLog } from "./export-access-log";
import { listAccessLog } from "./list-access-log";
import { listAnomalies } from "./list-anomalies";
import { openDisclosureBreakGlass } from "./open-disclosure-break-glass";
import { submitDisclosure } from "./submit-disclosure";
import { updateDisclosure } from "./update-disclosure";
import { withdrawDisclosure } from "./withdraw-disclosure";

let t: TestDatabase;
const approverId = APPROVER_ID;
const justification = BREAK_GLASS_JUSTIFICATION;

beforeAll(async () => {
  t = await createTestDatabase();
  await minatoOutsideApprover(t);
});
afterAll(async () => {
  await t?.close();
});

const as = <T>(email: string, call: (ctx: RequestContext) => Promise<T>) => callAs(t, email, call);

/** An export read to its end and back into records. */
async function csvRecords(lines: AsyncIterable<string>): Promise<string[][]> {
  let text = "";
  for await (const line of lines) text += line;
  return parseCsv(text);
}

describe("break-glass", () => {
  it("keeps a disclosure outside assignment closed to a plain read", async () => {
    const read = await as("approver@esb.example", (ctx) => getDisclosure({ ctx, input: { id: demoDisclosureIds.minatoH1 } }));
    expect(read.error).toBeInstanceOf(NotFoundError);
  });

  it("opens it to an approver with a justification, recorded as the purpose and flagged", async () => {
    const opened = await as("approver@esb.example", (ctx) => openDisclosureBreakGlass({ ctx, input: { id: demoDisclosureIds.minatoH1, justification } }));
    expect(opened.error).toBeNull();
    expect(opened.value).toMatchObject({ id: demoDisclosureIds.minatoH1, items: expect.arrayContaining([expect.objectContaining({ productCode: "antimicrobials" })]) });
    expect(opened.events).toMatchObject([
      { action: "disclosure.read", outcome: "allowed", purpose: justification, targetOrgId: demoOrgIds.minato, details: { breakGlass: true, version: 1 } },
    ]);
    // Flagged by the break-glass rule (the plain read refused above is flagged too, by another rule).
    const anomalies = await as("auditor@oversight.example", (ctx) => listAnomalies({ ctx, input: {} }));
    const breakGlassFlags = anomalies.value!.flags.filter((f) => f.rule === "break_glass");
    expect(JSON.stringify(breakGlassFlags)).toContain(demoDisclosureIds.minatoH1);
  });

  it("is a person's act: an approver's API token, which skips the second factor, may not break the glass (403, audited)", async () => {
    const { token } = await issueCliToken({ ctx: operatorContext(t.database.db, "test"), input: { email: "approver@esb.example", name: "integration", expiresInDays: 1 } });
    const tried = await as("approver@esb.example", async (ctx) => {
      const actor = await authenticateToken({ ctx: { ...ctx, actor: null }, input: { token } });
      return openDisclosureBreakGlass({ ctx: { ...ctx, actor }, input: { id: demoDisclosureIds.minatoH1, justification } });
    });
    expect(tried.error).toBeInstanceOf(ForbiddenError);
    expect(tried.events.filter((e) => e.action !== "auth.token_used")).toMatchObject([
      { action: "access.denied", targetOrgId: demoOrgIds.minato, details: { attempted: "disclosure.break_glass", reason: "token_not_allowed" } },
    ]);
    expect(tried.events.some((e) => e.action === "disclosure.read")).toBe(false);
  });

  it("is for approvers only, never overrides a conflict, and never opens a draft", async () => {
    const reviewer = await as("reviewer@esb.example", (ctx) => openDisclosureBreakGlass({ ctx, input: { id: demoDisclosureIds.minatoH1, justification } }));
    expect(reviewer.error).toBeInstanceOf(ForbiddenError);
    // Recorded against the company whose disclosure was tried, so that it shows in Minato's access log.
    expect(reviewer.events).toMatchObject([
      { action: "access.denied", targetOrgId: demoOrgIds.minato, details: { attempted: "disclosure.break_glass", reason: "role_lacks_permission" } },
    ]);
    const log = await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: {} }));
    expect(log.value!.items[0]).toMatchObject({ action: "access.denied", outcome: "denied", role: "agency_reviewer", target: { id: demoDisclosureIds.minatoH1 } });
    // So is an official's attempt to change a company's disclosure, which only its own officers may.
    for (const attempt of [
      (ctx: RequestContext) => updateDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH1, revision: 1, changes: { notes: "x" } } }),
      (ctx: RequestContext) => submitDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH1 } }),
      (ctx: RequestContext) => withdrawDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH1 } }),
    ]) {
      const refused = await as("reviewer@esb.example", attempt);
      expect(refused.error).toBeInstanceOf(ForbiddenError);
      expect(refused.events).toMatchObject([{ action: "access.denied", targetOrgId: demoOrgIds.hoshino, details: { reason: "role_lacks_permission" } }]);
    }
    // An id that names no disclosure is recorded against no one.
    const nothing = await as("reviewer@esb.example", (ctx) => withdrawDisclosure({ ctx, input: { id: "00000000-0000-4000-b000-0000000009ff" } }));
    expect(nothing.events).toMatchObject([{ action: "access.denied", targetOrgId: null }]);
    // A conflict the approver declared with Minato: break-glass does not open it, and the refusal says why.
    const [declared] = await t.database.db
      .insert(conflictDeclarations)
      .values({ userId: approverId, companyId: demoOrgIds.minato, reason: "test: advised Minato last year", declaredBy: approverId })
      .returning({ id: conflictDeclarations.id });
    try {
      const recused = await as("approver@esb.example", (ctx) => openDisclosureBreakGlass({ ctx, input: { id: demoDisclosureIds.minatoH1, justification } }));
      expect(recused.error).toBeInstanceOf(NotFoundError);
      expect(recused.events).toMatchObject([
        { action: "access.denied", targetOrgId: demoOrgIds.minato, details: { attempted: "disclosure.break_glass", reason: "conflict_of_interest" } },
      ]);
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.id, declared!.id));
    }
    const draft = await as("approver@esb.example", (ctx) => openDisclosureBreakGlass({ ctx, input: { id: demoDisclosureIds.hoshinoH2, justification } }));
    expect(draft.error).toBeInstanceOf(NotFoundError);
    expect(draft.events).toMatchObject([{ action: "access.denied", details: { attempted: "disclosure.break_glass" } }]);
    const junk = await as("approver@esb.example", (ctx) => openDisclosureBreakGlass({ ctx, input: { id: "not-a-uuid", justification } }));
    expect(junk.error).toBeInstanceOf(NotFoundError);
  });
});

describe("the company's access log", () => {
  it("lists government reads with agency, role, purpose and break-glass, officials under a stable pseudonym", async () => {
    await as("reviewer2@esb.example", (ctx) => getDisclosure({ ctx, input: { id: demoDisclosureIds.minatoH1 } }));
    await as("reviewer2@esb.example", (ctx) => getDisclosure({ ctx, input: { id: demoDisclosureIds.minatoH1 } }));
    const log = await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: {} }));
    const entries = log.value!.items;
    const breakGlass = entries.find((e) => e.breakGlass);
    expect(breakGlass).toMatchObject({ action: "disclosure.read", purpose: justification, role: "agency_approver", agency: { en: "Economic Security Bureau" } });
    const reviews = entries.filter((e) => e.role === "agency_reviewer" && e.action === "disclosure.read");
    expect(reviews).toHaveLength(2);
    expect(reviews[0]!.official).toBe(reviews[1]!.official);
    expect(reviews[0]!.official).not.toBe(breakGlass!.official);
    expect(reviews[0]).toMatchObject({ purpose: "disclosure review", breakGlass: false });
    expect(JSON.stringify(entries)).not.toMatch(/Sota Nakamura|Rin Kato|reviewer2@|approver@/);
  });

  it("lists attempts refused to anyone outside the company by kind, never named; and a conflict an official declared without their pseudonym", async () => {
    // Another company's officer, the platform's operator and an auditor try Minato's disclosure.
    for (const email of ["officer@aoba.example", "admin@kakehashi.example", "auditor@oversight.example"]) {
      expect((await as(email, (ctx) => getDisclosure({ ctx, input: { id: demoDisclosureIds.minatoH1 } }))).error).toBeInstanceOf(NotFoundError);
    }
    // Minato's own officer reading its disclosure is not an outsider's access.
    expect((await as("officer@minato.example", (ctx) => getDisclosure({ ctx, input: { id: demoDisclosureIds.minatoH1 } }))).error).toBeNull();
    await as("reviewer2@esb.example", (ctx) =>
      declareConflict({ ctx, input: { companyId: demoOrgIds.minato, reason: "I worked at Minato until March.", validFrom: "2026-01-01", validUntil: "" } }),
    );
    const entries = (await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { limit: "200" } }))).value!.items;
    const outsiders = entries.filter((e) => e.party !== "government");
    expect(outsiders.map((e) => [e.party, e.action, e.outcome, e.agency, e.official]).sort()).toEqual([
      ["another_company", "access.denied", "denied", null, "—"],
      ["audit_body", "access.denied", "denied", null, "—"],
      ["platform_operator", "access.denied", "denied", null, "—"],
    ]);
    expect(JSON.stringify(outsiders)).not.toMatch(/Aoba|aoba|kakehashi\.example|oversight/);
    const declared = entries.find((e) => e.action === "conflict.declare")!;
    expect(declared).toMatchObject({ party: "government", agency: { en: "Economic Security Bureau" }, official: "—" });
    // The official's reads keep their pseudonym.
    expect(entries.filter((e) => e.role === "agency_reviewer" && e.action === "disclosure.read").every((e) => e.official.startsWith("Official-"))).toBe(true);
  });

  it("shows one company nothing of another's, pages by cursor, and refuses a bad cursor", async () => {
    const aoba = await as("officer@aoba.example", (ctx) => listAccessLog({ ctx, input: {} }));
    expect(aoba.value!.items.filter((e) => e.target.id === demoDisclosureIds.minatoH1)).toEqual([]);
    const first = await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { limit: "1" } }));
    expect(first.value!.items).toHaveLength(1);
    const next = await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { limit: "1", cursor: first.value!.nextCursor! } }));
    expect(next.value!.items[0]!.id).toBeLessThan(first.value!.items[0]!.id);
    const bad = await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { cursor: "zzz" } }));
    expect(bad.error).toBeInstanceOf(ValidationError);
    const reviewer = await as("reviewer@esb.example", (ctx) => listAccessLog({ ctx, input: {} }));
    expect(reviewer.error).toBeInstanceOf(ForbiddenError);
  });

  it("lists the break-glass accesses alone when asked, and names a filter or cursor it refuses", async () => {
    const all = (await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { limit: "200" } }))).value!.items;
    const only = (await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { breakGlass: "true", limit: "200" } }))).value!.items;
    expect(only.length).toBeGreaterThan(0);
    expect(only.length).toBeLessThan(all.length);
    expect(only.map((e) => e.id)).toEqual(all.filter((e) => e.breakGlass).map((e) => e.id));
    expect((await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { breakGlass: "false", limit: "200" } }))).value!.items).toEqual(all);
    // A time range: the entries within it, ends included (times as the API gives them, or Japan time without an offset).
    const [newest, , third] = all;
    const within = (await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { from: third!.occurredAt, to: newest!.occurredAt, limit: "200" } }))).value!.items;
    expect(within.map((e) => e.id)).toEqual(all.filter((e) => e.occurredAt >= third!.occurredAt && e.occurredAt <= newest!.occurredAt).map((e) => e.id));
    expect(within.length).toBeGreaterThanOrEqual(3);
    const after = (await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { from: "2999-01-01T00:00" } }))).value!.items;
    expect(after).toEqual([]);
    const backwards = await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { from: "2026-05-02T00:00", to: "2026-05-01T00:00" } }));
    expect((backwards.error as ValidationError).fieldErrors).toEqual([{ path: "to", message: "validation.dateRange" }]);
    const refused = await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { breakGlass: "yes", cursor: "zzz" } }));
    expect((refused.error as ValidationError).fieldErrors).toEqual([
      { path: "breakGlass", message: "validation.boolean" },
      { path: "cursor", message: "validation.cursor" },
    ]);
  });

  it("exports every entry the log lists as CSV, filters applied, and records the export", async () => {
    const all = (await as("officer@minato.example", (ctx) => listAccessLog({ ctx, input: { limit: "200" } }))).value!.items;
    const exported = await as("officer@minato.example", async (ctx) => csvRecords(await exportAccessLog({ ctx, input: {} })));
    const [header, ...rows] = exported.value!;
    expect(header).toEqual(["id", "occurred_at", "party", "agency_en", "agency_ja", "role", "official", "action", "outcome", "purpose", "break_glass", "target_type", "target_id"]);
    expect(rows.map((r) => Number(r[0]))).toEqual(all.map((e) => e.id));
    const glass = all.find((e) => e.breakGlass)!;
    expect(rows.find((r) => Number(r[0]) === glass.id)).toEqual([
      String(glass.id), glass.occurredAt, "government", "Economic Security Bureau", "経済安全保障局", "agency_approver", glass.official, "disclosure.read", "allowed", justification, "true", "disclosure", demoDisclosureIds.minatoH1,
    ]);
    expect(exported.events).toMatchObject([{ action: "access_log.export", outcome: "allowed", targetOrgId: demoOrgIds.minato, details: { format: "csv", filters: {} } }]);
    // Filters as the list's: the break-glass accesses alone, recorded as understood.
    const only = await as("officer@minato.example", async (ctx) => csvRecords(await exportAccessLog({ ctx, input: { breakGlass: "true" } })));
    expect(only.value!.slice(1).map((r) => Number(r[0]))).toEqual(all.filter((e) => e.breakGlass).map((e) => e.id));
    expect(only.events[0]!.details).toEqual({ format: "csv", filters: { breakGlass: true } });
    // Another company's export holds nothing of Minato's.
    const aoba = await as("officer@aoba.example", async (ctx) => csvRecords(await exportAccessLog({ ctx, input: {} })));
    expect(aoba.value!.slice(1).filter((r) => r.includes(demoDisclosureIds.minatoH1))).toEqual([]);
  });

  it("refuses an export to anyone but the company's officers and admins, and a bad filter, recording nothing exported", async () => {
    const reviewer = await as("reviewer@esb.example", (ctx) => exportAccessLog({ ctx, input: {} }));
    expect(reviewer.error).toBeInstanceOf(ForbiddenError);
    expect(reviewer.events).toMatchObject([{ action: "access.denied", outcome: "denied" }]);
    const bad = await as("officer@minato.example", (ctx) => exportAccessLog({ ctx, input: { from: "2026-05-02T00:00", to: "2026-05-01T00:00", cursor: "x" } }));
    expect((bad.error as ValidationError).fieldErrors).toEqual([
      { path: "cursor", message: "validation.unknownFilter" },
      { path: "to", message: "validation.dateRange" },
    ]);
    expect(bad.events).toEqual([]);
  });
});

describe("row-level security alone, for break-glass and recusal", () => {
  const tables = [disclosures, disclosureVersions, exposureItems, disclosureReviews];

  /** How many rows of each disclosure table belonging to `orgId` the database lets this user's request see, with no service-layer scope. */
  async function visibleRows(email: string, orgId: string, breakGlass?: string): Promise<number[]> {
    const ctx = await t.ctxFor(email);
    return t.database.db.transaction(async (tx) => {
      await enterRowSecurity(tx, ctx.actor!, breakGlass);
      const counts: number[] = [];
      for (const table of tables) {
        const query: SQL = sql`select count(*)::int as n from ${table} where organisation_id = ${orgId}`;
        counts.push(rowsOf<{ n: number }>(await tx.execute(query))[0]!.n);
      }
      return counts;
    });
  }

  it("opens a company outside assignment to an approver only for the one disclosure a break-glass names", async () => {
    const [rows, versions, items] = await visibleRows("approver@esb.example", demoOrgIds.minato);
    expect([rows, versions, items]).toEqual([0, 0, 0]);
    const opened = await visibleRows("approver@esb.example", demoOrgIds.minato, demoDisclosureIds.minatoH1);
    expect(opened[0]).toBe(1);
    expect(opened[1]).toBeGreaterThan(0);
    expect(opened[2]).toBeGreaterThan(0);
    // A reviewer outside assignment naming the same disclosure gets nothing: break-glass is the approver's alone.
    expect(await visibleRows("reviewer@esb.example", demoOrgIds.minato, demoDisclosureIds.minatoH1)).toEqual([0, 0, 0, 0]);
  });

  it("hides every table of a conflicted company, even from an approver's break-glass", async () => {
    expect((await visibleRows("reviewer@esb.example", demoOrgIds.hoshino))[2]).toBeGreaterThan(0); // there is data to hide
    expect(await visibleRows("reviewer2@esb.example", demoOrgIds.hoshino)).toEqual([0, 0, 0, 0]);
    const [declared] = await t.database.db
      .insert(conflictDeclarations)
      .values({ userId: approverId, companyId: demoOrgIds.minato, reason: "test: advised Minato last year", declaredBy: approverId })
      .returning({ id: conflictDeclarations.id });
    try {
      expect(await visibleRows("approver@esb.example", demoOrgIds.minato, demoDisclosureIds.minatoH1)).toEqual([0, 0, 0, 0]);
    } finally {
      await t.database.db.delete(conflictDeclarations).where(eq(conflictDeclarations.id, declared!.id));
    }
    expect((await visibleRows("approver@esb.example", demoOrgIds.minato, demoDisclosureIds.minatoH1))[0]).toBe(1);
  });

  it("never shows agency staff what was never submitted, withdrawn or not; the company starts that period again", async () => {
    const before = await visibleRows("reviewer@esb.example", demoOrgIds.hoshino);
    const withdrawn = await as("officer@hoshino.example", (ctx) => withdrawDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH2 } }));
    expect(withdrawn.value).toMatchObject({ status: "withdrawn", latestVersion: 0 });
    // The withdrawn draft's working copy stays behind the wall (it was one more row for the reviewer).
    expect(await visibleRows("reviewer@esb.example", demoOrgIds.hoshino)).toEqual(before);
    // Withdrawn before the government saw it, the draft does not close its period: creating it starts it again.
    const again = await as("officer@hoshino.example", (ctx) => createDisclosure({ ctx, input: { reportingPeriod: "2026-H2", items: [] } }));
    expect(again.value).toMatchObject({ id: demoDisclosureIds.hoshinoH2, status: "draft", items: [] });
    expect(again.events).toMatchObject([{ action: "disclosure.create", details: { reportingPeriod: "2026-H2", itemCount: 0, revived: true } }]);
    const twice = await as("officer@hoshino.example", (ctx) => createDisclosure({ ctx, input: { reportingPeriod: "2026-H2", items: [] } }));
    expect(twice.error).toMatchObject({ messageKey: "disclosureExists" });
  });
});
