import { randomBytes, randomUUID } from "node:crypto";
import { asc, count, eq, isNull, sql } from "drizzle-orm";
import { sequenceAll } from "@/lib/audit/sequencer";
import { migrateDatabase, openDatabase, type Database, type DatabaseKind } from "@/db/client";
import { auditEvents, memberships, organisations, users, type AuditEventRow } from "@/db/schema";
import { DEMO_PASSWORD, demoUsers, hasDemoAuthenticator, seedDemo } from "@/lib/demo/seed-demo";
import { demoTotpSecret } from "@/lib/demo/demo-totp";
import { authenticateUser, type AuthenticatedUser } from "@/lib/services/authenticate-user";
import type { RequestContext } from "@/lib/services/context";

// Test support only: integration tests (`*.int.test.ts`) each open their own migrated, seeded database.

export interface TestDatabase {
  database: Database;
  /** The connection string of the throwaway database on PostgreSQL (absent on PGlite). */
  url?: string;
  /** A request context for a demo user (by email), or an anonymous one for `null`; each with a fresh request id. */
  ctxFor(email: string | null): Promise<RequestContext>;
  close(): Promise<void>;
}

export function testDatabaseKind(env: NodeJS.ProcessEnv = process.env): DatabaseKind {
  const kind = env.TEST_DATABASE ?? "pglite";
  if (kind !== "pglite" && kind !== "postgres") throw new Error(`TEST_DATABASE must be pglite or postgres, not ${kind}.`);
  return kind;
}

export function testPostgresUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.TEST_POSTGRES_URL || "postgres://postgres@127.0.0.1:5432/postgres";
}

/** Runs one statement on the server's administrative database (create/drop database cannot run in a transaction). */
async function onAdminDatabase(statement: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(testPostgresUrl(), { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function openFresh(): Promise<Database & { url?: string }> {
  if (testDatabaseKind() === "pglite") return openDatabase({ dataDir: "memory://" });

  const name = `kh_test_${randomBytes(6).toString("hex")}`;
  await onAdminDatabase(`create database "${name}"`);
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  let database: Database;
  try {
    database = await openDatabase({ url: url.toString() });
  } catch (error) {
    await onAdminDatabase(`drop database if exists "${name}" with (force)`);
    throw error;
  }
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      try {
        await database.close();
      } finally {
        await onAdminDatabase(`drop database if exists "${name}" with (force)`);
      }
    },
  };
}

/** A throwaway database, migrated and seeded unless told otherwise (`migrate: false` leaves it empty). */
export async function createTestDatabase({ seed = true, migrate = true } = {}): Promise<TestDatabase> {
  const database = await openFresh();
  try {
    if (migrate) await migrateDatabase(database);
    if (migrate && seed) await seedDemo(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }

  async function ctxFor(email: string | null): Promise<RequestContext> {
    const base = { db: database.db, requestId: `test-${randomUUID()}`, clientIp: "127.0.0.1", userAgent: "vitest" };
    if (email === null) return { ...base, actor: null };
    const [row] = await database.db
      .select({ userId: users.id, orgId: memberships.organisationId, orgType: organisations.type, role: memberships.role })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(sql`lower(${users.email}) = lower(${email})`);
    if (!row) throw new Error(`No demo user with a membership has the email ${email}.`);
    return { ...base, actor: row };
  }

  let closed = false;
  return {
    database,
    url: database.url,
    ctxFor,
    close: async () => {
      if (closed) return;
      closed = true;
      await database.close();
    },
  };
}

/** Runs a service call as a demo user (by email): its value or its error, and the audit events of that request. */
export async function callAs<T>(t: TestDatabase, email: string, call: (ctx: RequestContext) => Promise<T>) {
  const ctx = await t.ctxFor(email);
  const result = await call(ctx).then(
    (value) => ({ value, error: null as unknown }),
    (error: unknown) => ({ value: null, error }),
  );
  return { ...result, events: await auditEventsOf(t.database, ctx.requestId) };
}

/** The audit events written under one request id, oldest first. */
export function auditEventsOf(database: Database, requestId: string): Promise<AuditEventRow[]> {
  return database.db.select().from(auditEvents).where(eq(auditEvents.requestId, requestId)).orderBy(asc(auditEvents.id));
}

/**
 * Chains every audit event written so far. A sequencer pass leaves alone events committed after the
 * oldest transaction still running anywhere on the server (another test file's, say), so this retries
 * until nothing is pending. Answers how many events it chained.
 */
export async function chainAll(database: Database, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let chained = 0;
  for (;;) {
    chained += await sequenceAll(database.db);
    const [row] = await database.db.select({ n: count() }).from(auditEvents).where(isNull(auditEvents.seq));
    if (Number(row?.n ?? 0) === 0) return chained;
    if (Date.now() > deadline) throw new Error(`${row?.n} audit events still unchained after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The TOTP code of a demo account (its published secret, lib/demo/demo-totp.ts), `stepsAhead` steps
 * from now: a code is accepted once, so a second sign-in within one step uses the next step's code.
 */
export async function demoTotpCode(email: string, stepsAhead = 0): Promise<string> {
  const { generate } = await import("otplib");
  return generate({ secret: demoTotpSecret(email), epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

/** Signs a demo account in through the sign-in service (with its TOTP code where it needs one) and answers the session. */
export async function signInDemo(t: TestDatabase, email: string, options: { stepsAhead?: number; clientIp?: string } = {}): Promise<AuthenticatedUser> {
  const ctx = { ...(await t.ctxFor(null)), ...(options.clientIp ? { clientIp: options.clientIp } : {}) };
  const needsCode = demoUsers.some((u) => u.email === email && hasDemoAuthenticator(u));
  const code = needsCode ? await demoTotpCode(email, options.stepsAhead ?? 0) : undefined;
  const outcome = await authenticateUser({ ctx, input: { email, password: DEMO_PASSWORD, code } });
  if (outcome.kind !== "signed_in") throw new Error(`sign-in as ${email} failed: ${outcome.kind}`);
  return outcome.user;
}
