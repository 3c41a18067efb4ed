import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiTokens, type AuditEventRow } from "@/db/schema";
import { operatorContext } from "@/lib/services/context";
import { createApiToken } from "@/lib/services/create-api-token";
import { issueCliToken } from "@/lib/services/issue-cli-token";
import { revokeApiToken } from "@/lib/services/revoke-api-token";
import { callers, roleOf, type Caller, type Row, type Target } from "./route-inventory";
import { actionRows } from "./route-rows-actions";
import { apiRows } from "./route-rows-api";
import { auditedBy, cellName, closeMatrixWorld, emailOf, expected, isApiRow, matrixDatabase, openMatrixWorld, run, sessionOf, targetsOf } from "./route-matrix-world";

vi.mock("@/lib/auth/auth", async (original) => (await import("@/lib/testing/route-harness")).harnessMocks.auth(await original()));
vi.mock("next/headers", async () => (await import("@/lib/testing/route-harness")).harnessMocks.headers);
vi.mock("next/cache", async () => (await import("@/lib/testing/route-harness")).harnessMocks.cache);

// The route matrix's bearer-token column: every row of the route inventory (route-matrix.int.test.ts runs
// them with cookie sessions), called with `Authorization: Bearer …` and no session.
//
// Who holds a token: a company admin makes one for themself on /company/tokens (`createApiToken`), and the
// operator's `npm run token:create` issues one for any user, government staff and auditors included
// (`issueCliToken`, SECURITY.md). A token carries no scopes of its own: it acts as its holder, in their
// role, tenant, assignments and conflicts (`authenticateToken`). So every signed-in caller of the session
// column holds a live token here, and must get exactly what their session gets on every API route, with
// the same access.denied event for each refusal. Where the transports differ by design:
// - Server actions are the browser's transport and read the session alone (`currentContext`): account,
//   security, user and token management live there and nowhere on the API, so a token is no credential
//   for them — the call is anonymous (401 and its access.denied where a session is needed).
// - A dead token (revoked, expired) is refused by `apiRoute` before the route runs, even on a route open
//   to anyone: 401, recorded as `auth.token_rejected` with the reason, not as access.denied. Plain handlers
//   outside `apiRoute` (health, the OpenAPI document, the benchmark's route: `credentials: "ignored"`)
//   read no credential, so a token, live or dead, changes nothing there.
// - The cross-site guard is for the session cookie, which a browser sends by itself: a bearer token is the
//   caller's own to send, so every call here comes with `Origin` and `Sec-Fetch-Site` of another site,
//   which would refuse a session's call (403), and the answer must not change.
// - Break-glass (`sessionOnly`, `SESSION_ONLY` in the policy) is a person's act: a token skips the second
//   factor, so a role that may break the glass gets 403 with a token (access.denied, `token_not_allowed`).
// Every event a live token's request records names the holder as actor and the token (`details.viaToken`).

type Holder = Exclude<Caller, "anonymous">;
type Dead = "revoked" | "expired";
type TokenCaller = Holder | Dead;

const holders = callers.filter((c): c is Holder => c !== "anonymous");
const deadTokens: readonly Dead[] = ["revoked", "expired"];
const tokenCallers: readonly TokenCaller[] = [...holders, ...deadTokens];
/** Whose dead tokens they are: Hoshino's admin revoked one, Hoshino's officer let one lapse. */
const deadHolder: Record<Dead, Holder> = { revoked: "hoshinoAdmin", expired: "hoshinoOfficer" };
const isDead = (c: TokenCaller): c is Dead => c === "revoked" || c === "expired";

const tokens = new Map<TokenCaller, { token: string; id: string }>();
/** What another site's page would add to a request a browser sends for it. */
const crossSite = { origin: "https://elsewhere.example", "sec-fetch-site": "cross-site" };

async function issueTokens(): Promise<void> {
  const t = matrixDatabase();
  const operator = () => operatorContext(t.database.db, "route-matrix");
  for (const holder of holders) {
    // Hoshino's admin makes theirs on the tokens page; the operator's command line issues everyone else's.
    const issued =
      holder === "hoshinoAdmin"
        ? await createApiToken({ ctx: await t.ctxFor(emailOf(holder)), input: { name: "Route matrix", expiresInDays: 30 } })
        : await issueCliToken({ ctx: operator(), input: { email: emailOf(holder), name: "Route matrix", expiresInDays: 30 } });
    tokens.set(holder, { token: issued.token, id: issued.id });
  }
  const revoked = await createApiToken({ ctx: await t.ctxFor(emailOf(deadHolder.revoked)), input: { name: "Revoked", expiresInDays: 30 } });
  await revokeApiToken({ ctx: await t.ctxFor(emailOf(deadHolder.revoked)), input: { tokenId: revoked.id } });
  tokens.set("revoked", { token: revoked.token, id: revoked.id });
  const expired = await issueCliToken({ ctx: operator(), input: { email: emailOf(deadHolder.expired), name: "Expired", expiresInDays: 1 } });
  await t.database.db.update(apiTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiTokens.id, expired.id));
  tokens.set("expired", { token: expired.token, id: expired.id });
}

interface Want {
  /** Who the transport takes the caller for: the holder, or nobody. */
  seenAs: Caller;
  status: number;
  /** The one event a refusal records. */
  refusal: "access.denied" | "auth.token_rejected" | null;
}

/** What a token caller must get from a row: see the comment at the top. */
function expectedWithToken(row: Row, caller: TokenCaller, target: Target): Want {
  if (!isApiRow(row) || row.credentials === "ignored") {
    const want = expected(row, "anonymous", target);
    return { seenAs: "anonymous", status: want.status, refusal: want.refused ? "access.denied" : null };
  }
  if (isDead(caller)) return { seenAs: "anonymous", status: 401, refusal: "auth.token_rejected" };
  const want = expected(row, caller, target);
  // A role the row permits, with a token instead of a session, is refused before the target is looked at.
  const permitted = row.who === "anyone" || row.who === "signed-in" || row.who.includes(roleOf[caller]!);
  if (row.sessionOnly && permitted) return { seenAs: caller, status: 403, refusal: "access.denied" };
  return { seenAs: caller, status: want.status, refusal: want.refused ? "access.denied" : null };
}

/** One call of a row with a token caller's token: made for the holder on the API, for nobody as an action. */
function runWithToken(row: Row, caller: TokenCaller, target: Target, shape?: Row["malformed"]) {
  const maker: Caller = !isApiRow(row) ? "anonymous" : isDead(caller) ? deadHolder[caller] : caller;
  return run(row, maker, target, { shape, session: "anonymous", headers: { authorization: `Bearer ${tokens.get(caller)!.token}`, ...crossSite } });
}

/** Only a live token that the route took acts: its holder is the actor of every event, each naming the token. */
function checkActors(caller: TokenCaller, want: Want, events: AuditEventRow[]): void {
  const actors = events.map((e) => ({ action: e.action, actor: e.actorUserId, viaToken: (e.details as { viaToken?: string }).viaToken ?? null }));
  const acting = want.seenAs === "anonymous" ? { actor: null, viaToken: null } : { actor: sessionOf(want.seenAs as Holder).userId, viaToken: tokens.get(caller)!.id };
  expect({ caller, actors }).toEqual({ caller, actors: actors.map((a) => ({ ...a, ...acting })) });
}

/** The events a request recorded, but the once-a-minute record of a token's use. */
const actionsOf = (events: AuditEventRow[]) => events.map((e) => e.action).filter((a) => a !== "auth.token_used");

beforeAll(async () => {
  await openMatrixWorld();
  await issueTokens();
});
afterAll(closeMatrixWorld);

describe("the authorization matrix with bearer tokens", () => {
  for (const row of [...apiRows, ...actionRows]) {
    for (const target of targetsOf(row)) {
      it(cellName(row, target), async () => {
        for (const caller of tokenCallers) {
          const want = expectedWithToken(row, caller, target);
          const outcome = await runWithToken(row, caller, target);
          const count = (action: string) => outcome.events.filter((e) => e.action === action).length;
          expect({ caller, status: outcome.status, denials: count("access.denied"), rejections: count("auth.token_rejected") }).toEqual({
            caller,
            status: want.status,
            denials: want.refusal === "access.denied" ? 1 : 0,
            rejections: want.refusal === "auth.token_rejected" ? 1 : 0,
          });
          if (want.refusal === "auth.token_rejected") {
            const rejection = outcome.events.find((e) => e.action === "auth.token_rejected")!;
            expect({ caller, reason: (rejection.details as { reason?: string }).reason }).toEqual({ caller, reason: caller });
          }
          const audits = auditedBy(row, want.seenAs, target);
          if (audits && want.status < 300) expect({ caller, actions: actionsOf(outcome.events) }).toEqual({ caller, actions: expect.arrayContaining([audits]) });
          checkActors(caller, want, outcome.events);
          if (isApiRow(row) && outcome.status >= 400) {
            expect({ caller, contentType: outcome.contentType }).toEqual({ caller, contentType: expect.stringContaining("application/problem+json") });
          }
        }
      });
    }
  }
});

describe("input is checked after the token and authorization", () => {
  for (const row of [...apiRows, ...actionRows].filter((r) => r.malformed)) {
    for (const target of targetsOf(row)) {
      it(`${cellName(row, target)}, malformed`, async () => {
        for (const caller of tokenCallers) {
          const want = expectedWithToken(row, caller, target);
          const outcome = await runWithToken(row, caller, target, row.malformed);
          // Refused as the well-formed call is, with its one event; a caller who may act gets 422, recorded as
          // request.invalid with nothing else written (a token's use aside).
          const wanted = want.refusal ? { status: want.status, actions: [want.refusal] } : { status: 422, actions: ["request.invalid"] };
          expect({ caller, status: outcome.status, actions: actionsOf(outcome.events) }).toEqual({ caller, ...wanted });
          checkActors(caller, want, outcome.events);
        }
      });
    }
  }
});
