import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conflictDeclarations, memberships, productAssignments, users, type Role } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { hoshinoDisclosures } from "@/lib/testing/disclosure-fixtures";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import type { RequestContext } from "./context";
import { createDisclosure } from "./create-disclosure";
import { ServiceError } from "./errors";
import { getDisclosure, getDisclosureVersion } from "./get-disclosure";
import { listAccessLog } from "./list-access-log";
import { listDisclosures } from "./list-disclosures";
import { openDisclosureBreakGlass } from "./open-disclosure-break-glass";
import { reviewDisclosure } from "./review-disclosure";
import { submitDisclosure } from "./submit-disclosure";
import { updateDisclosure } from "./update-disclosure";
import { withdrawDisclosure } from "./withdraw-disclosure";

// The disclosure authorization matrix, generated from its dimensions: every role × every disclosure
// operation × how the caller stands to the disclosure — for the company side its own company's or
// another's; for agency staff assigned to its product or not × a declared conflict with its company or
// not. Each caller of a cell is a person made for that cell, and each call meets a disclosure made for it
// (Hoshino's, on permanent magnets; a draft or submitted as the operation needs), so a call that succeeds
// changes nothing another cell meets. The expected status follows from the dimensions alone
// (`expectedOutcome`); every refusal must leave exactly one access.denied event with its reason, every
// success none and the event of what it did.

type Standing = { side: "company"; own: boolean } | { side: "agency"; assigned: boolean; conflicted: boolean } | { side: "none" };
interface Cell {
  role: Role;
  standing: Standing;
}

const roles: Role[] = ["company_officer", "company_admin", "agency_reviewer", "agency_approver", "auditor", "platform_admin"];
const standingsOf = (role: Role): Standing[] => {
  if (role === "company_officer" || role === "company_admin") return [true, false].map((own) => ({ side: "company", own }));
  if (role === "agency_reviewer" || role === "agency_approver") {
    return [true, false].flatMap((assigned) => [true, false].map((conflicted) => ({ side: "agency" as const, assigned, conflicted })));
  }
  return [{ side: "none" }];
};
const cells: Cell[] = roles.flatMap((role) => standingsOf(role).map((standing) => ({ role, standing })));
const cellName = ({ role, standing: s }: Cell) =>
  `${role}${s.side === "company" ? (s.own ? ", own company" : ", another company") : s.side === "agency" ? `, ${s.assigned ? "assigned" : "unassigned"}, ${s.conflicted ? "conflicted" : "no conflict"}` : ""}`;

type Denial = "role_lacks_permission" | "other_tenant" | "outside_assignment" | "conflict_of_interest";
type Outcome = { status: 200; audits: string | null } | { status: 403 | 404; reason: Denial };

/** Who an operation is for: the company that filed the disclosure, agency staff within scope, or approvers only (break-glass). */
type Audience = "company" | "agency" | "approver";

interface Operation {
  name: string;
  on: "draft" | "submitted";
  for: Audience;
  /** The one event a success records (a break-glass read is flagged); every read of a disclosure is one, the company's of its own too. */
  audits: (c: Cell) => string | null;
  run: (ctx: RequestContext, d: { id: string; revision: number; period: string }) => Promise<unknown>;
}

const read = () => "disclosure.read";
const operations: Operation[] = [
  { name: "read", on: "submitted", for: "agency", audits: read, run: (ctx, d) => getDisclosure({ ctx, input: { id: d.id } }) },
  { name: "read a draft", on: "draft", for: "company", audits: read, run: (ctx, d) => getDisclosure({ ctx, input: { id: d.id } }) },
  { name: "read version 1", on: "submitted", for: "agency", audits: read, run: (ctx, d) => getDisclosureVersion({ ctx, input: { id: d.id, number: 1 } }) },
  {
    name: "find it in the list",
    on: "submitted",
    for: "agency",
    audits: () => null,
    // Listing is no access to one disclosure: what is out of scope is left out, not refused.
    run: async (ctx, d) => {
      const page = await listDisclosures({ ctx, input: { period: d.period } });
      if (!page.items.some((item) => item.id === d.id)) throw new Error("not in the list");
      return page;
    },
  },
  { name: "save", on: "draft", for: "company", audits: () => "disclosure.update", run: (ctx, d) => updateDisclosure({ ctx, input: { id: d.id, revision: d.revision, changes: { notes: "matrix" } } }) },
  { name: "submit", on: "draft", for: "company", audits: () => "disclosure.submit", run: (ctx, d) => submitDisclosure({ ctx, input: { id: d.id, revision: d.revision } }) },
  { name: "withdraw", on: "submitted", for: "company", audits: () => "disclosure.withdraw", run: (ctx, d) => withdrawDisclosure({ ctx, input: { id: d.id } }) },
  ...(["comment", "request_changes", "accept"] as const).map(
    (decision): Operation => ({
      name: `review: ${decision}`,
      on: "submitted",
      for: "agency",
      audits: () => "disclosure.review",
      run: (ctx, d) => reviewDisclosure({ ctx, input: { id: d.id, review: { decision, comment: `Matrix: ${decision}.` } } }),
    }),
  ),
  {
    name: "break glass",
    on: "submitted",
    for: "approver",
    audits: () => "disclosure.read (break-glass)",
    run: (ctx, d) => openDisclosureBreakGlass({ ctx, input: { id: d.id, justification: "Matrix test of the break-glass rule." } }),
  },
];

const permitted = (role: Role, audience: Audience) =>
  audience === "company" ? role === "company_officer" || role === "company_admin" : audience === "agency" ? role === "agency_reviewer" || role === "agency_approver" : role === "agency_approver";

/** The outcome a cell must get from an operation, from the dimensions alone. */
function expectedOutcome(op: Operation, cell: Cell): Outcome {
  const { role, standing: s } = cell;
  const reads = op.name.startsWith("read") || op.name === "find it in the list";
  // Reads answer "no such disclosure" to a role that reads none (hidden); other operations say the role may not.
  if (s.side === "none") return reads ? { status: 404, reason: "role_lacks_permission" } : { status: 403, reason: "role_lacks_permission" };
  const agencyReads = reads && s.side === "agency";
  if (!agencyReads && !(reads && s.side === "company") && !permitted(role, op.for)) return { status: 403, reason: "role_lacks_permission" };
  if (s.side === "company") return s.own ? { status: 200, audits: op.audits(cell) } : { status: 404, reason: "other_tenant" };
  // Agency staff: a conflict hides the company's disclosures whatever the assignment — break-glass included;
  // break-glass opens one outside assignment; a draft is never theirs to see.
  if (s.conflicted) return { status: 404, reason: "conflict_of_interest" };
  if (op.on === "draft") return { status: 404, reason: "outside_assignment" };
  if (op.for === "approver" || s.assigned) return { status: 200, audits: op.audits(cell) };
  return { status: 404, reason: "outside_assignment" };
}

let t: TestDatabase;
let made = 0;

/** A person in `cell`: a member of Hoshino (own), Aoba (another company) or the bureau, assigned and declared as the cell says. */
async function personFor(cell: Cell): Promise<string> {
  const db = t.database.db;
  made += 1;
  const email = `matrix-${made}@cells.example`;
  const s = cell.standing;
  const org = s.side === "company" ? (s.own ? demoOrgIds.hoshino : demoOrgIds.aoba) : s.side === "agency" ? demoOrgIds.esb : cell.role === "auditor" ? demoOrgIds.oversight : demoOrgIds.operator;
  const [user] = await db.insert(users).values({ email, displayName: `Matrix ${made}` }).returning({ id: users.id });
  await db.insert(memberships).values({ userId: user!.id, organisationId: org, role: cell.role });
  if (s.side === "agency") {
    await db.insert(productAssignments).values({ userId: user!.id, productCode: s.assigned ? "permanent_magnets" : "antimicrobials" });
    if (s.conflicted) {
      await db.insert(conflictDeclarations).values({ userId: user!.id, companyId: demoOrgIds.hoshino, reason: "Matrix: a declared interest.", validFrom: "2020-01-01", declaredBy: user!.id });
    }
  }
  return email;
}

const disclosureFor = (op: Operation) => freshDisclosure(op.on);
const freshDisclosure = hoshinoDisclosures(() => t, 2200);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("the disclosure authorization matrix, generated from its dimensions", () => {
  it("covers every role, every operation and every standing", () => {
    expect(cells).toHaveLength(2 * 2 + 2 * 4 + 2);
    expect(new Set(cells.map((c) => c.role))).toEqual(new Set(roles));
  });

  for (const cell of cells) {
    it(cellName(cell), async () => {
      const email = await personFor(cell);
      for (const op of operations) {
        const want = expectedOutcome(op, cell);
        const disclosure = await disclosureFor(op);
        const { error, events } = await callAs(t, email, (ctx) => op.run(ctx, disclosure));
        if (error !== null && !(error instanceof ServiceError) && !(error instanceof Error && error.message === "not in the list")) throw error;
        const status = error === null ? 200 : error instanceof ServiceError ? error.status : 404;
        const denials = events.filter((e) => e.action === "access.denied");
        const actions = events.map((e) => `${e.action}${(e.details as { breakGlass?: boolean }).breakGlass ? " (break-glass)" : ""}`);
        if (want.status === 200) {
          expect({ op: op.name, status, denials: denials.length }).toEqual({ op: op.name, status: 200, denials: 0 });
          expect({ op: op.name, actions }).toEqual({ op: op.name, actions: want.audits ? [want.audits] : [] });
        } else if (op.name === "find it in the list") {
          // Left out of the list, or the list refused outright to a role that lists none.
          expect({ op: op.name, status }).toEqual({ op: op.name, status: 404 });
          expect({ op: op.name, denials: denials.map((e) => (e.details as { reason?: string }).reason) }).toEqual({ op: op.name, denials: cell.standing.side === "none" ? [want.reason] : [] });
        } else {
          expect({ op: op.name, status, denials: denials.map((e) => (e.details as { reason?: string }).reason) }).toEqual({ op: op.name, status: want.status, denials: [want.reason] });
        }
      }
    });
  }

  it("lists, creates and reads access logs by role", async () => {
    const expectations: Record<Role, { list: number; create: number; accessLog: number }> = {
      company_officer: { list: 200, create: 200, accessLog: 200 },
      company_admin: { list: 200, create: 200, accessLog: 200 },
      agency_reviewer: { list: 200, create: 403, accessLog: 403 },
      agency_approver: { list: 200, create: 403, accessLog: 403 },
      auditor: { list: 404, create: 403, accessLog: 403 },
      platform_admin: { list: 404, create: 403, accessLog: 403 },
    };
    for (const role of roles) {
      const email = await personFor({ role, standing: standingsOf(role)[0]! });
      const outcome = async (run: (ctx: RequestContext) => Promise<unknown>) => {
        const { error, events } = await callAs(t, email, run);
        if (error !== null && !(error instanceof ServiceError)) throw error;
        return { status: error instanceof ServiceError ? error.status : 200, denials: events.filter((e) => e.action === "access.denied").length };
      };
      const list = await outcome((ctx) => listDisclosures({ ctx, input: {} }));
      const create = await outcome((ctx) => createDisclosure({ ctx, input: { reportingPeriod: `2199-H${roles.indexOf(role) % 2 + 1}`, items: [] } }));
      const log = await outcome((ctx) => listAccessLog({ ctx, input: {} }));
      expect({ role, list: list.status, create: create.status, accessLog: log.status }).toEqual({ role, ...expectations[role] });
      for (const { status, denials } of [list, create, log]) expect({ role, status, denials }).toEqual({ role, status, denials: status >= 400 ? 1 : 0 });
    }
  });
});
