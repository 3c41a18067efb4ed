import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type Tx } from "@/db/client";
import { demoOrgIds } from "@/lib/demo/seed-demo";
import { callAs, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { NotFoundError } from "./errors";
import { enterRowSecurity } from "./internal/row-security";
import { findManagedUser } from "./internal/users";
import { listUsers } from "./list-users";

// The account tables' second wall (migration 0048), with the services out of the way: behind it a company's
// admin reaches its own company's accounts only, whatever a query asks for — as if a WHERE clause had been
// forgotten — while the platform and audit roles reach every account, and only the platform writes others'.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // One row of every walled table for an account of each of two companies and of the agency.
  await t.database.db.execute(sql`insert into api_tokens (user_id, name, prefix, secret_hash, expires_at)
    select u.id, 'wall test', 'kkh_wall', 'wall-' || u.id, now() + interval '30 days' from users u
    where u.email in ('officer@hoshino.example', 'officer@aoba.example', 'reviewer@esb.example')`);
  await t.database.db.execute(sql`insert into user_sessions (user_id, expires_at)
    select u.id, now() + interval '1 day' from users u where u.email in ('officer@hoshino.example', 'officer@aoba.example', 'reviewer@esb.example')`);
  await t.database.db.execute(sql`insert into account_links (user_id, purpose, token_hash, expires_at)
    select u.id, 'password_reset', 'wall-' || u.id, now() + interval '1 hour' from users u where u.email in ('officer@hoshino.example', 'officer@aoba.example')`);
});
afterAll(async () => {
  await t?.close();
});

/** Runs `work` in a transaction behind the wall as `email` would, rolled back afterwards whatever it did. */
async function asWall<T>(email: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  const ctx = await t.ctxFor(email);
  let result: T;
  const rollback = new Error("rollback");
  await t.database.db
    .transaction(async (tx) => {
      await enterRowSecurity(tx, ctx.actor!);
      result = await work(tx);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return result!;
}

/** "taken" when PostgreSQL ran the statement behind the wall as `email`, else its error. */
const attempt = (email: string, statement: SQL) =>
  asWall(email, async (tx) => {
    try {
      await tx.execute(statement);
      return "taken";
    } catch (error) {
      return String((error as { cause?: unknown }).cause ?? error);
    }
  });

const walled = ["users", "memberships", "user_sessions", "api_tokens", "user_mfa", "mfa_recovery_codes", "account_links", "product_assignments", "conflict_declarations"] as const;

/** The organisations whose accounts' rows of `table` the query reaches (every row, no condition of its own). */
function orgsReached(tx: Tx, table: (typeof walled)[number]): Promise<string[]> {
  const owner = table === "users" ? sql`r.id` : sql`r.user_id`;
  // account_org() answers outside the wall's filter: it is how the test names the owner of a row it reached.
  return tx
    .execute(sql`select distinct coalesce(account_org(${owner})::text, 'none') as org from ${sql.identifier(table)} r`)
    .then((result) => rowsOf<{ org: string }>(result).map((r) => r.org).sort());
}

const countOutside = async (statement: SQL) => Number(rowsOf<{ n: number }>(await t.database.db.execute(statement))[0]!.n);

describe("the account tables behind the wall", () => {
  it("hold, for a company's admin and officer, only their own company's accounts", async () => {
    for (const email of ["admin@hoshino.example", "officer@hoshino.example"]) {
      const reached = await asWall(email, async (tx) => Object.fromEntries(await Promise.all(walled.map(async (table) => [table, await orgsReached(tx, table)] as const))));
      for (const table of walled) expect({ email, table, orgs: reached[table]!.filter((org) => org !== demoOrgIds.hoshino) }).toEqual({ email, table, orgs: [] });
      // They are there: the company's own rows of the seeded tables are reached.
      expect({ email, users: reached.users, tokens: reached.api_tokens, links: reached.account_links }).toEqual({ email, users: [demoOrgIds.hoshino], tokens: [demoOrgIds.hoshino], links: [demoOrgIds.hoshino] });
    }
    // …while outside the wall every company's rows are in the tables.
    expect(await countOutside(sql`select count(distinct m.organisation_id)::int as n from api_tokens a join memberships m on m.user_id = a.user_id`)).toBeGreaterThanOrEqual(3);
  });

  it("hold, for an official, their own agency's accounts, assignments and conflicts, and of companies only their contacts", async () => {
    const reached = await asWall("reviewer2@esb.example", async (tx) =>
      Object.fromEntries(await Promise.all(walled.map(async (table) => [table, await orgsReached(tx, table)] as const))),
    );
    const companies: string[] = [demoOrgIds.hoshino, demoOrgIds.aoba, demoOrgIds.minato, demoOrgIds.kawasemi, demoOrgIds.tsubame];
    for (const table of walled) {
      // A company's users and memberships are its contacts (an approval mails them, the agency sees who acknowledged).
      const allowed = table === "users" || table === "memberships" ? [demoOrgIds.esb, ...companies] : [demoOrgIds.esb];
      expect({ table, orgs: reached[table]!.filter((org) => !allowed.includes(org)) }).toEqual({ table, orgs: [] });
    }
    expect(reached.users).toContain(demoOrgIds.hoshino);
    // Their own recusal is theirs to see (the disclosure wall reads it behind this one).
    expect(reached.conflict_declarations).toEqual([demoOrgIds.esb]);
    expect(reached.product_assignments).toEqual([demoOrgIds.esb]);
    // Reading a company's contacts is not writing them.
    const disabled = await asWall("approver@esb.example", async (tx) =>
      rowsOf(await tx.execute(sql`update users set disabled_at = now() where id in (select user_id from memberships where organisation_id = ${demoOrgIds.hoshino}) returning id`)).length,
    );
    expect(disabled).toBe(0);
  });

  it("hold every account for the platform admin and the auditor", async () => {
    const expected = await countOutside(sql`select count(*)::int as n from users`);
    for (const email of ["admin@kakehashi.example", "auditor@oversight.example"]) {
      const n = await asWall(email, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from users`))[0]!.n);
      expect({ email, n }).toEqual({ email, n: expected });
    }
  });

  it("change no other company's account, whatever a statement asks", async () => {
    const changed = await asWall("admin@hoshino.example", async (tx) => ({
      disabled: rowsOf(await tx.execute(sql`update users set disabled_at = now() returning id`)).length,
      revoked: rowsOf(await tx.execute(sql`update api_tokens set revoked_at = now() returning id`)).length,
      sessions: rowsOf(await tx.execute(sql`update user_sessions set revoked_at = now() returning id`)).length,
      roles: rowsOf(await tx.execute(sql`update memberships set role = 'company_officer' where role = 'platform_admin' returning id`)).length,
      ownUsers: rowsOf(await tx.execute(sql`select 1 from users`)).length,
    }));
    // Only the company's own rows were touched: as many as it has, and no platform admin demoted.
    const own = (table: "api_tokens" | "user_sessions" | "memberships") =>
      countOutside(sql`select count(*)::int as n from ${sql.identifier(table)} r join memberships m on m.user_id = r.user_id where m.organisation_id = ${demoOrgIds.hoshino}`);
    expect(changed).toEqual({ disabled: await own("memberships"), revoked: await own("api_tokens"), sessions: await own("user_sessions"), roles: 0, ownUsers: await own("memberships") });
    expect(await countOutside(sql`select count(*)::int as n from api_tokens`)).toBeGreaterThan(changed.revoked);
  });

  it("refuse to move an account into another organisation, or to give another company's user a token", async () => {
    const aobaOfficer = rowsOf<{ id: string }>(await t.database.db.execute(sql`select id from users where email = 'officer@aoba.example'`))[0]!.id;
    expect(await attempt("admin@hoshino.example", sql`update memberships set organisation_id = ${demoOrgIds.aoba} where user_id = (select id from users where email = 'officer@hoshino.example')`)).toMatch(/row-level security/);
    expect(await attempt("admin@hoshino.example", sql`insert into api_tokens (user_id, name, prefix, secret_hash, expires_at) values (${aobaOfficer}, 'x', 'kkh_x', 'x-wall', now() + interval '1 day')`)).toMatch(/row-level security/);
    // An auditor reads every account but writes none, not even a colleague's.
    expect(await attempt("auditor@oversight.example", sql`insert into api_tokens (user_id, name, prefix, secret_hash, expires_at) values (${aobaOfficer}, 'x', 'kkh_x', 'x-wall-2', now() + interval '1 day')`)).toMatch(/row-level security/);
    // The platform admin may.
    expect(await attempt("admin@kakehashi.example", sql`insert into api_tokens (user_id, name, prefix, secret_hash, expires_at) values (${aobaOfficer}, 'x', 'kkh_x', 'x-wall-3', now() + interval '1 day')`)).toBe("taken");
  });
});

describe("digests behind the wall", () => {
  it("are read by no one: neither a password's nor an API token's, whatever the role (migration 0049)", async () => {
    for (const email of ["admin@hoshino.example", "approver@esb.example", "admin@kakehashi.example", "auditor@oversight.example"]) {
      expect({ email, refusal: await attempt(email, sql`select password_hash from users limit 1`) }).toEqual({ email, refusal: expect.stringMatching(/permission denied/) });
      expect({ email, refusal: await attempt(email, sql`select secret_hash from api_tokens limit 1`) }).toEqual({ email, refusal: expect.stringMatching(/permission denied/) });
    }
    // Whether a password is set is readable; the digest itself stays readable outside the wall (sign-in).
    expect(await attempt("admin@hoshino.example", sql`select has_password from users`)).toBe("taken");
    expect(await countOutside(sql`select count(*)::int as n from users where password_hash is not null`)).toBeGreaterThan(0);
  });
});

describe("administration with its own check off", () => {
  it("still finds no other company's user for a company admin (404), though it finds its own", async () => {
    const [aoba, hoshino] = rowsOf<{ id: string }>(
      await t.database.db.execute(sql`select id from users where email in ('officer@aoba.example', 'officer@hoshino.example') order by email`),
    );
    // onlyOrg null: the service-layer limit to the admin's company, forgotten.
    const found = await asWall("admin@hoshino.example", async (tx) => ({
      own: (await findManagedUser(tx, null, hoshino!.id, "user.read")).userId,
      other: await findManagedUser(tx, null, aoba!.id, "user.read").then(
        () => "found",
        (error: unknown) => (error instanceof NotFoundError ? "404" : String(error)),
      ),
    }));
    expect(found).toEqual({ own: hoshino!.id, other: "404" });
  });

  it("lists a company admin's own users through the service, as before", async () => {
    const listed = await callAs(t, "admin@hoshino.example", (ctx) => listUsers({ ctx, input: undefined }));
    expect(listed.error).toBeNull();
    const orgs = new Set((listed.value as { organisationId: string }[]).map((u) => u.organisationId));
    expect([...orgs]).toEqual([demoOrgIds.hoshino]);
  });
});
