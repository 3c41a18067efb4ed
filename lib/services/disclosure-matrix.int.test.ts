import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disclosures } from "@/db/schema";
import { demoDisclosureIds } from "@/lib/demo/seed-disclosures";
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

// Every role × every disclosure operation × the kinds of disclosure it may meet: its own company's or
// another's, within assignment or not, conflicted or not. Each cell names the exact outcome, and every
// refusal must leave an access.denied event. Operations that would change state run on a disclosure
// that is restored or left in a state the next cells expect (see the order of `operations`).

type Actor = "hoshinoOfficer" | "hoshinoAdmin" | "aobaOfficer" | "reviewer" | "reviewer2" | "approver" | "auditor" | "platformAdmin";
const emails: Record<Actor, string> = {
  hoshinoOfficer: "officer@hoshino.example",
  hoshinoAdmin: "admin@hoshino.example",
  aobaOfficer: "officer@aoba.example",
  reviewer: "reviewer@esb.example",
  reviewer2: "reviewer2@esb.example",
  approver: "approver@esb.example",
  auditor: "auditor@oversight.example",
  platformAdmin: "admin@kakehashi.example",
};
const actors = Object.keys(emails) as Actor[];

// The disclosures met: Hoshino's submitted H1 (magnets: reviewer assigned, reviewer2 conflicted),
// Minato's submitted H1 (antimicrobials: reviewer unassigned, reviewer2 assigned) and Hoshino's H2 draft.
type Target = "hoshinoSubmitted" | "minatoSubmitted" | "hoshinoDraft";
const ids: Record<Target, string> = { hoshinoSubmitted: demoDisclosureIds.hoshinoH1, minatoSubmitted: demoDisclosureIds.minatoH1, hoshinoDraft: demoDisclosureIds.hoshinoH2 };

type Outcome = 200 | 403 | 404 | 409;
const company = new Set<Actor>(["hoshinoOfficer", "hoshinoAdmin", "aobaOfficer"]);
const agency = new Set<Actor>(["reviewer", "reviewer2", "approver"]);
const ownHoshino = (a: Actor, t: Target) => (a === "hoshinoOfficer" || a === "hoshinoAdmin") && t !== "minatoSubmitted";
const inScope = (a: Actor, t: Target) =>
  t !== "hoshinoDraft" && (a === "approver" || (a === "reviewer" && t === "hoshinoSubmitted") || (a === "reviewer2" && t === "minatoSubmitted"));

/** Who may read a disclosure: the own company, or agency staff within scope; everyone else 404. */
const read = (a: Actor, t: Target): Outcome => (ownHoshino(a, t) || inScope(a, t) ? 200 : 404);
/** Company writes: other roles lack the permission (403); another company's disclosure is 404. */
const companyWrite = (allowed: (t: Target) => Outcome) => (a: Actor, t: Target): Outcome => (!company.has(a) ? 403 : !ownHoshino(a, t) ? 404 : allowed(t));
const review = (a: Actor, t: Target): Outcome => (!agency.has(a) ? 403 : inScope(a, t) ? 200 : 404);

const operations: { name: string; expect: (a: Actor, t: Target) => Outcome; run: (ctx: RequestContext, id: string) => Promise<unknown> }[] = [
  { name: "read", expect: read, run: (ctx, id) => getDisclosure({ ctx, input: { id } }) },
  { name: "read version 1", expect: (a, t) => (t === "hoshinoDraft" && read(a, t) === 200 ? 404 : read(a, t)), run: (ctx, id) => getDisclosureVersion({ ctx, input: { id, number: 1 } }) },
  {
    name: "save the working copy",
    expect: companyWrite((t) => (t === "hoshinoDraft" ? 200 : 409)),
    run: async (ctx, id) => {
      // The current revision, read straight from the table (a service read would be audited in this request).
      const [current] = await ctx.db.select({ revision: disclosures.revision }).from(disclosures).where(eq(disclosures.id, id));
      return updateDisclosure({ ctx, input: { id, revision: current!.revision, changes: { notes: "matrix" } } });
    },
  },
  // Revision 0 never exists: the own company's submit is refused as stale (409) after the scope check.
  { name: "submit", expect: companyWrite(() => 409), run: (ctx, id) => submitDisclosure({ ctx, input: { id, revision: 0 } }) },
  { name: "comment", expect: review, run: (ctx, id) => reviewDisclosure({ ctx, input: { id, review: { decision: "comment", comment: "matrix" } } }) },
  {
    name: "break glass",
    expect: (a, t) => (a !== "approver" ? 403 : t === "hoshinoDraft" ? 404 : 200),
    run: (ctx, id) => openDisclosureBreakGlass({ ctx, input: { id, justification: "Matrix test of the break-glass rule." } }),
  },
];

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function outcomeOf(actor: Actor, run: (ctx: RequestContext) => Promise<unknown>) {
  const { error, events } = await callAs(t, emails[actor], run);
  if (error !== null && !(error instanceof ServiceError)) throw error;
  return { status: error instanceof ServiceError ? error.status : 200, events };
}

describe("the disclosure authorization matrix", () => {
  for (const operation of operations) {
    for (const target of Object.keys(ids) as Target[]) {
      it(`${operation.name} × ${target}`, async () => {
        for (const actor of actors) {
          const { status, events } = await outcomeOf(actor, (ctx) => operation.run(ctx, ids[target]));
          expect({ actor, status }).toEqual({ actor, status: operation.expect(actor, target) });
          // Every refusal is audited; a version that does not exist, asked for by someone who may read, is not a refusal.
          const refused = status === 403 || (status === 404 && read(actor, target) === 404);
          expect({ actor, denials: events.filter((e) => e.action === "access.denied").length }).toEqual({ actor, denials: refused ? 1 : 0 });
        }
      });
    }
  }

  it("lists, creates and reads access logs by role", async () => {
    const expectations: Record<Actor, { list: Outcome; create: Outcome; accessLog: Outcome }> = {
      hoshinoOfficer: { list: 200, create: 200, accessLog: 200 },
      hoshinoAdmin: { list: 200, create: 409, accessLog: 200 },
      aobaOfficer: { list: 200, create: 200, accessLog: 200 },
      reviewer: { list: 200, create: 403, accessLog: 403 },
      reviewer2: { list: 200, create: 403, accessLog: 403 },
      approver: { list: 200, create: 403, accessLog: 403 },
      auditor: { list: 404, create: 403, accessLog: 403 },
      platformAdmin: { list: 404, create: 403, accessLog: 403 },
    };
    for (const actor of actors) {
      const list = await outcomeOf(actor, (ctx) => listDisclosures({ ctx, input: {} }));
      const create = await outcomeOf(actor, (ctx) => createDisclosure({ ctx, input: { reportingPeriod: "2029-H1", items: [] } }));
      const log = await outcomeOf(actor, (ctx) => listAccessLog({ ctx, input: {} }));
      expect({ actor, list: list.status, create: create.status, accessLog: log.status }).toEqual({ actor, ...expectations[actor] });
      for (const { status, events } of [list, create, log]) {
        if (status === 403 || status === 404) expect(events.filter((e) => e.action === "access.denied")).toHaveLength(1);
      }
    }
  });

  it("withdraws only the own company's disclosure before acceptance", async () => {
    for (const actor of actors.filter((a) => a !== "hoshinoOfficer" && a !== "hoshinoAdmin")) {
      const { status } = await outcomeOf(actor, (ctx) => withdrawDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH2 } }));
      expect({ actor, status }).toEqual({ actor, status: company.has(actor) ? 404 : 403 });
    }
    expect((await outcomeOf("hoshinoAdmin", (ctx) => withdrawDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH2 } }))).status).toBe(200);
    expect((await outcomeOf("hoshinoOfficer", (ctx) => withdrawDisclosure({ ctx, input: { id: demoDisclosureIds.hoshinoH2 } }))).status).toBe(409);
  });
});
