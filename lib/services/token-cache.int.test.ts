import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, rowsOf, type Database } from "@/db/client";
import { apiTokens, memberships } from "@/db/schema";
import { demoUsers } from "@/lib/demo/seed-demo";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "@/lib/testing/test-database";
import { authenticateToken } from "./authenticate-token";
import { ThrottledError, UnauthenticatedError } from "./errors";
import { tokenCacheFor } from "./internal/token-cache";
import { issueCliToken } from "./issue-cli-token";
import { revokeApiToken } from "./revoke-api-token";

// The token cache (lib/services/internal/token-cache.ts) saves a token's lookup on every request, and must
// never answer for longer than the facts it kept: a change made through this server's services is honoured
// at the next request; a change made anywhere else (another server, a person at the database) as soon as
// its notification arrives. On PGlite everything runs in this process, so that is at once.
const onServer = testDatabaseKind() === "postgres";
const officer = demoUsers.find((u) => u.email === "officer@hoshino.example")!;

let t: TestDatabase;
/** Where "elsewhere" changes are made: another server's pool on PostgreSQL; the same database on PGlite. */
let elsewhere: Database;

beforeAll(async () => {
  t = await createTestDatabase();
  elsewhere = onServer ? await openDatabase({ url: t.url!, poolSize: 1 }) : t.database;
});
afterAll(async () => {
  if (elsewhere !== t?.database) await elsewhere?.close();
  await t?.close();
});

const from = async (clientIp: string) => ({ ...(await t.ctxFor(null)), clientIp });
const issue = async (name: string) => issueCliToken({ ctx: await t.ctxFor(null), input: { email: officer.email, name, expiresInDays: 30 } });
const authenticate = async (token: string, clientIp = "192.0.2.10") => authenticateToken({ ctx: await from(clientIp), input: { token } });
const outcome = (token: string, clientIp?: string) => authenticate(token, clientIp).then((actor) => actor, (error: unknown) => error);

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Authenticates until the token is kept (the cache keeps nothing before its listener runs). */
async function warm(token: string, clientIp = "192.0.2.10") {
  const cache = tokenCacheFor(t.database.db)!;
  await eventually(
    async () => {
      await authenticate(token, clientIp);
      return cache.size;
    },
    (size) => size > 0,
  );
  expect(cache.size).toBeGreaterThan(0);
}

describe("the token cache", () => {
  it("honours a revocation made elsewhere as soon as its notification arrives", async () => {
    const { token, id } = await issue("revoked elsewhere");
    await warm(token);
    await elsewhere.db.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, id));
    const refused = onServer ? await eventually(() => outcome(token), (r) => r instanceof Error) : await outcome(token);
    expect(refused).toBeInstanceOf(UnauthenticatedError);
  });

  it("honours a revocation through the service at the very next request", async () => {
    const { token, id } = await issue("revoked here");
    await warm(token);
    await revokeApiToken({ ctx: await t.ctxFor("admin@hoshino.example"), input: { tokenId: id } });
    expect(await outcome(token)).toBeInstanceOf(UnauthenticatedError);
  });

  it("answers with a role changed elsewhere", async () => {
    const { token } = await issue("role changed elsewhere");
    await warm(token);
    expect(await authenticate(token)).toMatchObject({ role: "company_officer" });
    await elsewhere.db.update(memberships).set({ role: "company_admin" }).where(eq(memberships.userId, officer.id));
    try {
      const actor = onServer ? await eventually(() => authenticate(token), (a) => a.role === "company_admin") : await authenticate(token);
      expect(actor).toMatchObject({ role: "company_admin" });
    } finally {
      await t.database.db.update(memberships).set({ role: "company_officer" }).where(eq(memberships.userId, officer.id));
    }
  });

  it("refuses a token it keeps from an address that has since begun backing off, and keeps an address's token apart from another's", async () => {
    const { token } = await issue("throttled address");
    await warm(token, "192.0.2.60");
    await warm(token, "192.0.2.61");
    for (let i = 0; i < 5; i++) {
      expect(await outcome(`khk_${"C".repeat(43)}${i}`, "192.0.2.60")).toBeInstanceOf(UnauthenticatedError);
    }
    expect(await outcome(token, "192.0.2.60")).toBeInstanceOf(ThrottledError);
    expect(await outcome(token, "192.0.2.61")).toMatchObject({ userId: officer.id });
  });

  it.runIf(onServer)("keeps nothing once it can no longer hear of changes, and keeps again when it can", async () => {
    const { token } = await issue("listener lost");
    await warm(token);
    const cache = tokenCacheFor(t.database.db)!;
    // The server drops the listening connection (a restart, a network fault, an operator).
    await elsewhere.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'`);
    expect(await eventually(async () => cache.size, (size) => size === 0)).toBe(0);
    await warm(token);
    expect(rowsOf<{ n: number }>(await elsewhere.db.execute(sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen%'`))).toEqual([{ n: 1 }]);
  });
});
