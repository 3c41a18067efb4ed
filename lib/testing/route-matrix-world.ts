import { desc, eq } from "drizzle-orm";
import { advisories, auditEvents, disclosures, memberships, organisations, productAssignments, userSessions, users as usersTable } from "@/db/schema";
import { demoOrgIds } from "@/lib/demo/demo-ids";
import { DEMO_PASSWORD } from "@/lib/demo/seed-demo";
import { hashPassword } from "@/lib/security/passwords";
import { approveAdvisory } from "@/lib/services/approve-advisory";
import type { AuthenticatedUser } from "@/lib/services/authenticate-user";
import { createAdvisory } from "@/lib/services/create-advisory";
import { createApiToken } from "@/lib/services/create-api-token";
import { createDisclosure } from "@/lib/services/create-disclosure";
import { declareConflict } from "@/lib/services/declare-conflict";
import { inviteUser } from "@/lib/services/invite-user";
import { requestAdvisoryApproval } from "@/lib/services/request-advisory-approval";
import type { CreateAdvisoryInput } from "@/lib/schemas/advisory";
import { ownRevision } from "@/lib/schemas/disclosure";
// Imported under another name: a React lint rule takes any `use…` call for a hook.
import { actAs, callAction, callRoute, useDatabase as serveDatabase, type Outcome } from "./route-harness";
import { callerEmails, callers, roleOf, type Call, type Caller, type Fixtures, type Row, type Target } from "./route-inventory";
import { createTestDatabase, signInDemo, type TestDatabase } from "./test-database";

// The world the route matrix runs in, shared by its columns (route-matrix.int.test.ts: cookie sessions;
// route-matrix-tokens.int.test.ts: bearer tokens): a test database of the demo world with every caller
// signed in, the fixtures rows make afresh for each call, what a row promises a caller (`expected`) and
// one call of a row (`run`). Each test file opens a world of its own (`openMatrixWorld`).

// The matrix's callers issue a link for every fixture user and every reset row within a minute or two: the
// hourly limit of links per administrator (tested in administration-limits.int.test.ts) is set out of reach.
process.env.INVITATION_LIMIT_PER_HOUR = "100000";

let t: TestDatabase | undefined;
const sessions = new Map<Caller, AuthenticatedUser>();

/** The world's test database (once `openMatrixWorld` has run). */
export function matrixDatabase(): TestDatabase {
  if (!t) throw new Error("openMatrixWorld has not run");
  return t;
}

/** The email of the reviewer of another ministry, who is not of the demo world. */
export const otherAgencyEmail = "reviewer@matrix-ministry.example";

/** The email of each caller but nobody. */
export const emailOf = (caller: Exclude<Caller, "anonymous">): string => (caller === "otherAgency" ? otherAgencyEmail : callerEmails[caller]);

/** The signed-in user behind a caller (their session as signed in, or as reopened). */
export function sessionOf(caller: Exclude<Caller, "anonymous">): AuthenticatedUser {
  return sessions.get(caller)!;
}

/** A fresh test database of the demo world, served as the process's, with every caller signed in. */
export async function openMatrixWorld(): Promise<TestDatabase> {
  t = await createTestDatabase();
  serveDatabase(t.database);
  for (const caller of callers) {
    if (caller === "otherAgency") sessions.set(caller, await otherMinistryReviewer(t));
    else if (caller !== "anonymous") sessions.set(caller, await signInDemo(t, callerEmails[caller]));
  }
  return t;
}

export async function closeMatrixWorld(): Promise<void> {
  await t?.close();
}

/** A reviewer of a second ministry, assigned permanent magnets, with an open session (as after a sign-in with TOTP). */
async function otherMinistryReviewer(t: TestDatabase): Promise<AuthenticatedUser> {
  const db = t.database.db;
  const [org] = await db.insert(organisations).values({ type: "agency", nameEn: "Ministry of Route Matrices", nameJa: "経路行列省" }).returning({ id: organisations.id });
  // The demo's password, like every other caller's (changes to one's second factor ask for it again).
  const [user] = await db
    .insert(usersTable)
    .values({ email: otherAgencyEmail, displayName: "Other Ministry Reviewer", passwordHash: await hashPassword(DEMO_PASSWORD) })
    .returning({ id: usersTable.id });
  await db.insert(memberships).values({ userId: user!.id, organisationId: org!.id, role: "agency_reviewer" });
  await db.insert(productAssignments).values({ userId: user!.id, productCode: "permanent_magnets" });
  const [session] = await db.insert(userSessions).values({ userId: user!.id, expiresAt: new Date(Date.now() + 3_600_000), mfa: true }).returning({ id: userSessions.id });
  return { userId: user!.id, email: otherAgencyEmail, displayName: "Other Ministry Reviewer", orgId: org!.id, orgType: "agency", role: "agency_reviewer", sessionId: session!.id };
}

/** After signing out: the same person opens another session (a second sign-in would need the next TOTP step). */
export async function reopenSession(caller: Caller): Promise<void> {
  if (caller === "anonymous") return;
  const previous = sessions.get(caller)!;
  const [row] = await matrixDatabase()
    .database.db.insert(userSessions)
    .values({ userId: previous.userId, expiresAt: new Date(Date.now() + 3_600_000), mfa: true })
    .returning({ id: userSessions.id });
  sessions.set(caller, { ...previous, sessionId: row!.id });
}

let period = 0;
let users = 0;
export const fixtures: Fixtures = {
  async hoshinoDraft() {
    period += 1;
    const ctx = await matrixDatabase().ctxFor(callerEmails.hoshinoOfficer);
    const created = await createDisclosure({ ctx, input: { reportingPeriod: `${2100 + Math.floor(period / 2)}-H${(period % 2) + 1}`, items: [{ productCode: "permanent_magnets", stage: "component", supplierCountry: "JP", sharePercent: 50, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false }] } });
    return { id: created.id, revision: ownRevision(created) };
  },
  async advisory(state) {
    const t = matrixDatabase();
    const input: CreateAdvisoryInput = {
      title: "Route matrix advisory",
      summary: "An advisory made for one call of the route matrix.",
      body: "Made for one call.",
      severity: "moderate",
      tlp: "AMBER",
      targets: { products: [], countries: [], organisations: [demoOrgIds.hoshino] },
    };
    const { id } = await createAdvisory({ ctx: await t.ctxFor(callerEmails.reviewer), input });
    if (state === "draft") return id;
    await requestAdvisoryApproval({ ctx: await t.ctxFor(callerEmails.reviewer), input: { id } });
    if (state === "pending_approval") return id;
    await approveAdvisory({ ctx: await t.ctxFor(callerEmails.approver), input: { id } });
    return id;
  },
  async advisoryVersionOf(id) {
    const [row] = await matrixDatabase().database.db.select({ version: advisories.version }).from(advisories).where(eq(advisories.id, id));
    return row!.version;
  },
  async revisionOf(id) {
    const [row] = await matrixDatabase().database.db.select({ revision: disclosures.revision }).from(disclosures).where(eq(disclosures.id, id));
    return row!.revision;
  },
  async user(org) {
    const ctx = await matrixDatabase().ctxFor(callerEmails.platformAdmin);
    users += 1;
    const role = org === "esb" ? "agency_reviewer" : "company_officer";
    const { userId } = await inviteUser({ ctx, input: { email: `fixture-${users}@${org}.example`, displayName: `Fixture ${users}`, organisationId: demoOrgIds[org], role } });
    return userId;
  },
  async otherSession(caller) {
    const [row] = await matrixDatabase()
      .database.db.insert(userSessions)
      .values({ userId: sessions.get(caller)!.userId, expiresAt: new Date(Date.now() + 3_600_000), mfa: true })
      .returning({ id: userSessions.id });
    return row!.id;
  },
  async hoshinoToken() {
    const { id } = await createApiToken({ ctx: await matrixDatabase().ctxFor(callerEmails.hoshinoAdmin), input: { name: "Fixture", expiresInDays: 7 } });
    return id;
  },
  async conflict() {
    // A person of its own each time: a second declaration of the same person and company over the same days is refused.
    const userId = await fixtures.user("esb");
    const ctx = await matrixDatabase().ctxFor(callerEmails.platformAdmin);
    const { id } = await declareConflict({ ctx, input: { userId, companyId: demoOrgIds.aoba, reason: "Fixture: a declared interest.", validFrom: "2026-01-01" } });
    return id;
  },
  async someAuditEventId() {
    const [row] = await matrixDatabase().database.db.select({ id: auditEvents.id }).from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    return String(row!.id);
  },
};

/** What a caller must get: 401 without a session, 403 (404 when hidden) without the permission, 404 out of scope, 403 where the row forbids the object, else the row's status; each refusal is audited. */
export function expected(row: Row, caller: Caller, target: Target): { status: number; refused: boolean } {
  const role = roleOf[caller];
  if (row.who !== "anyone") {
    if (role === null) return { status: 401, refused: true };
    if (row.who !== "signed-in" && !row.who.includes(role)) return { status: row.hidden ? 404 : 403, refused: true };
    if (row.inScope && !row.inScope(caller, target)) return { status: 404, refused: true };
    if (row.forbidden?.(caller, target)) return { status: 403, refused: true };
  }
  const status = typeof row.status === "function" ? row.status(caller, target) : (row.status ?? 200);
  return { status, refused: false };
}

/** The audit action a row's success records for a caller, if any. */
export const auditedBy = (row: Row, caller: Caller, target: Target): string | null | undefined => (typeof row.audits === "function" ? row.audits(caller, target) : row.audits);

/** An API route's row (`GET /api/…`), as against a server action's. */
export const isApiRow = (row: Row): boolean => /^[A-Z]+ \//.test(row.route);

/** The name of one row × target. */
export const cellName = (row: Row, target: Target): string => `${row.route}${row.label ? ` (${row.label})` : ""}${target === "-" ? "" : ` × ${target}`}`;

/** The targets a row is tried on. */
export const targetsOf = (row: Row): readonly Target[] => row.targets ?? ["-"];

export interface RunOptions {
  /** The call with its input changed (a row's `malformed`). */
  shape?: (call: Call) => Call;
  /** Whose session the request carries: the caller's unless said (nobody's for a bearer token). */
  session?: Caller;
  /** Headers the request carries besides the row's own (an Authorization header). */
  headers?: Record<string, string>;
}

/** One call of a row, made for `caller` (whose fixtures and input it uses) against `target`. */
export async function run(row: Row, caller: Caller, target: Target, options: RunOptions = {}): Promise<Outcome> {
  const made = await row.call(fixtures, target, caller);
  const call = options.shape ? options.shape(made) : made;
  const session = options.session ?? caller;
  actAs(session === "anonymous" ? null : sessions.get(session)!);
  const database = matrixDatabase().database;
  if (call.kind === "route") return callRoute(database, { ...call, headers: { ...call.headers, ...options.headers } });
  const [file, name] = row.route.split("#") as [string, string];
  return callAction(database, file, name, call.args, options.headers);
}

/** Whether a call carries input beyond the ids it names: a JSON body, or an action's values with other fields. */
export function takesInput(call: Call): boolean {
  if (call.kind === "route") return call.body !== undefined;
  return call.args.some((arg) => arg !== null && typeof arg === "object" && !(arg instanceof FormData) && Object.keys(arg).some((key) => key !== "id"));
}
