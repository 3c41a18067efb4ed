import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { apiTokens, auditEvents } from "@/db/schema";
import { demoOrgIds, demoUsers } from "@/lib/demo/seed-demo";
import { auditEventsOf, createTestDatabase, type TestDatabase } from "@/lib/testing/test-database";
import { insertCraftedToken } from "@/lib/testing/token-fixtures";
import { authenticateToken } from "./authenticate-token";
import { createApiToken } from "./create-api-token";
import { ForbiddenError, NotFoundError, ThrottledError, UnauthenticatedError } from "./errors";
import { issueCliToken } from "./issue-cli-token";
import { listApiTokens } from "./list-api-tokens";
import { revokeApiToken } from "./revoke-api-token";

const officer = demoUsers.find((u) => u.email === "officer@hoshino.example")!;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function issue(email: string, name = "compliance sync") {
  return issueCliToken({ ctx: await t.ctxFor(null), input: { email, name, expiresInDays: 30 } });
}

async function tokenRow(id: string) {
  const [row] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row!;
}

/** Authenticates with a token and answers the refusal and the events written under its request id. */
async function rejection(token: string) {
  const ctx = await t.ctxFor(null);
  const error = await authenticateToken({ ctx, input: { token } }).then(
    () => null,
    (e: unknown) => e,
  );
  return { error, events: await auditEventsOf(t.database, ctx.requestId) };
}

describe("issueCliToken and authenticateToken", () => {
  it("issues a khk_ token and stores only its SHA-256 digest", async () => {
    const { token, id } = await issue(officer.email);
    expect(token).toMatch(/^khk_[A-Za-z0-9_-]{40,}$/);
    const row = await tokenRow(id);
    expect(row.secretHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(row.prefix).toBe(token.slice(0, 12));
    expect(row.userId).toBe(officer.id);
    // The plain token is in no column of the row.
    for (const value of Object.values(row)) {
      if (typeof value === "string") expect(value).not.toContain(token.slice(4));
    }
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);
  });

  it("resolves the token to the officer's actor, sets last_used_at and records auth.token_used once a minute", async () => {
    const { token, id } = await issue(officer.email);
    expect((await tokenRow(id)).lastUsedAt).toBeNull();

    const ctx = await t.ctxFor(null);
    const actor = await authenticateToken({ ctx, input: { token: `  ${token}\n` } });
    expect(actor).toEqual({ userId: officer.id, orgId: demoOrgIds.hoshino, orgType: "company", role: "company_officer", tokenId: id });
    expect((await tokenRow(id)).lastUsedAt).toBeInstanceOf(Date);

    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "auth.token_used",
      outcome: "allowed",
      actorUserId: officer.id,
      actorRole: "company_officer",
      targetType: "api_token",
      targetId: id,
      targetOrgId: demoOrgIds.hoshino,
      details: { tokenId: id, viaToken: id },
    });

    const second = await t.ctxFor(null);
    expect(await authenticateToken({ ctx: second, input: { token } })).toMatchObject({ userId: officer.id });
    expect(await auditEventsOf(t.database, second.requestId)).toEqual([]);
    const used = await t.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "auth.token_used"), eq(auditEvents.targetId, id)));
    expect(used).toHaveLength(1);
  });

  it("rejects a malformed token with UnauthenticatedError and records auth.token_rejected", async () => {
    const { error, events } = await rejection("Bearer nonsense");
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(events.map((e) => [e.action, e.outcome, e.actorUserId, e.details])).toEqual([
      ["auth.token_rejected", "denied", null, { reason: "malformed" }],
    ]);
  });

  it("rejects an unknown token and records its prefix, never the secret", async () => {
    const unknown = `khk_${"A".repeat(43)}`;
    const { error, events } = await rejection(unknown);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "auth.token_rejected", outcome: "denied", details: { reason: "unknown", prefix: "khk_AAAAAAAA" } });
    expect(JSON.stringify(events[0])).not.toContain(unknown);
  });

  it("rejects an expired token with reason expired", async () => {
    const { token, id } = await issue(officer.email, "expiring");
    await t.database.db.update(apiTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiTokens.id, id));
    const { error, events } = await rejection(token);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(events.map((e) => [e.action, (e.details as { reason: string }).reason])).toEqual([["auth.token_rejected", "expired"]]);
  });
});

describe("revokeApiToken and listApiTokens", () => {
  it("lets admin@hoshino revoke an officer's token, which is then rejected with reason revoked", async () => {
    const { token, id } = await issue(officer.email, "to revoke");
    const ctx = await t.ctxFor("admin@hoshino.example");
    await revokeApiToken({ ctx, input: { tokenId: id } });
    expect((await tokenRow(id)).revokedAt).toBeInstanceOf(Date);
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events.map((e) => [e.action, e.outcome, e.targetId, e.targetOrgId])).toEqual([
      ["api_token.revoke", "allowed", id, demoOrgIds.hoshino],
    ]);

    const { error, events: rejected } = await rejection(token);
    expect(error).toBeInstanceOf(UnauthenticatedError);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.details).toMatchObject({ reason: "revoked", prefix: token.slice(0, 12) });
  });

  it("refuses an officer, who lacks the permission, with ForbiddenError and records access.denied", async () => {
    const { id } = await issue(officer.email, "officer tries");
    const ctx = await t.ctxFor(officer.email);
    await expect(revokeApiToken({ ctx, input: { tokenId: id } })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await tokenRow(id)).revokedAt).toBeNull();
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "access.denied",
      outcome: "denied",
      targetType: "api_token",
      targetId: id,
      details: { attempted: "api_token.manage_company", reason: "role_lacks_permission" },
    });
  });

  it("answers admin@hoshino NotFoundError for a token of an Aoba user and leaves it working", async () => {
    const { token, id } = await issue("officer@aoba.example", "aoba sync");
    const ctx = await t.ctxFor("admin@hoshino.example");
    await expect(revokeApiToken({ ctx, input: { tokenId: id } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await tokenRow(id)).revokedAt).toBeNull();
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events.map((e) => [e.action, e.outcome, e.targetId])).toEqual([["access.denied", "denied", id]]);
    await expect(authenticateToken({ ctx: await t.ctxFor(null), input: { token } })).resolves.toMatchObject({ orgId: demoOrgIds.aoba });
  });

  it("records the refusal of a form that named no token, by an admin and by an officer, as claiming none", async () => {
    for (const [email, refusal] of [["admin@hoshino.example", NotFoundError], [officer.email, ForbiddenError]] as const) {
      const ctx = await t.ctxFor(email);
      await expect(revokeApiToken({ ctx, input: { tokenId: "" } })).rejects.toBeInstanceOf(refusal);
      const events = await auditEventsOf(t.database, ctx.requestId);
      expect(events.map((e) => [e.action, e.outcome, e.targetType, e.targetId])).toEqual([["access.denied", "denied", "api_token", "(none)"]]);
    }
  });

  it("answers NotFoundError for a token revoked already", async () => {
    const { id } = await issue(officer.email, "twice");
    await revokeApiToken({ ctx: await t.ctxFor("admin@hoshino.example"), input: { tokenId: id } });
    await expect(revokeApiToken({ ctx: await t.ctxFor("admin@hoshino.example"), input: { tokenId: id } })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("answers NotFoundError, not a database error, for a malformed token id", async () => {
    const ctx = await t.ctxFor("admin@hoshino.example");
    await expect(revokeApiToken({ ctx, input: { tokenId: "not-a-uuid" } })).rejects.toBeInstanceOf(NotFoundError);
    const events = await auditEventsOf(t.database, ctx.requestId);
    expect(events.map((e) => [e.action, e.outcome])).toEqual([["access.denied", "denied"]]);
  });

  it("lets admin@hoshino create a token acting as themself", async () => {
    const ctx = await t.ctxFor("admin@hoshino.example");
    const created = await createApiToken({ ctx, input: { name: "admin sync", expiresInDays: 7 } });
    expect(created.token).toMatch(/^khk_/);
    const actor = await authenticateToken({ ctx: await t.ctxFor(null), input: { token: created.token } });
    expect(actor).toMatchObject({ role: "company_admin", orgId: demoOrgIds.hoshino });
    const [event] = await auditEventsOf(t.database, ctx.requestId);
    expect(event).toMatchObject({ action: "api_token.create", targetId: created.id, targetOrgId: demoOrgIds.hoshino });
    expect(JSON.stringify(event)).not.toContain(created.token);
  });

  it("lets no API token make, list or revoke tokens: one leaked could mint others that outlive its revocation", async () => {
    const ctx = await t.ctxFor("admin@hoshino.example");
    const { token, id } = await createApiToken({ ctx, input: { name: "leaked one", expiresInDays: 7 } });
    const viaToken = { ...(await t.ctxFor(null)) };
    viaToken.actor = await authenticateToken({ ctx: viaToken, input: { token } });
    for (const call of [
      () => createApiToken({ ctx: viaToken, input: { name: "minted by a token", expiresInDays: 365 } }),
      () => listApiTokens({ ctx: viaToken, input: undefined }),
      () => revokeApiToken({ ctx: viaToken, input: { tokenId: id } }),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(ForbiddenError);
    }
    const refusals = (await auditEventsOf(t.database, viaToken.requestId)).filter((e) => e.action === "access.denied");
    expect(refusals.map((e) => (e.details as { attempted: string }).attempted)).toEqual(["api_token.manage_company", "api_token.manage_company", "api_token.manage_company"]);
    expect((await tokenRow(id)).revokedAt).toBeNull();
    expect(await t.database.db.select().from(apiTokens).where(eq(apiTokens.name, "minted by a token"))).toEqual([]);
  });

  it("lists Hoshino's tokens only for admin@hoshino, and never a secret hash", async () => {
    const tokens = await listApiTokens({ ctx: await t.ctxFor("admin@hoshino.example"), input: undefined });
    expect(tokens.length).toBeGreaterThanOrEqual(5);
    const owners = new Set(tokens.map((token) => token.ownerEmail));
    expect([...owners].sort()).toEqual(["admin@hoshino.example", "officer@hoshino.example"]);
    for (const token of tokens) {
      expect(Object.keys(token)).not.toContain("secretHash");
      expect(JSON.stringify(token)).not.toMatch(/[0-9a-f]{64}/);
    }
    const aoba = await t.database.db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, "aoba sync"));
    expect(tokens.map((token) => token.id)).not.toContain(aoba[0]!.id);
  });

  it("marks the live tokens that expire within the reminder window, unless they were made to live no longer", async () => {
    const admin = demoUsers.find((u) => u.email === "admin@hoshino.example")!;
    const day = 86_400_000;
    const at = (days: number) => new Date(Date.now() + days * day);
    const made = { soon: [-300, 10], far: [-300, 60], "short-lived": [-1, 6], "revoked, would be soon": [-300, 5], gone: [-300, -1] } as const;
    for (const [name, [created, expires]] of Object.entries(made)) {
      await insertCraftedToken(t.database.db, { userId: admin.id, name, createdAt: at(created), expiresAt: at(expires), revokedAt: name.startsWith("revoked") ? at(-1) : null });
    }
    const listed = async () =>
      Object.fromEntries(
        (await listApiTokens({ ctx: await t.ctxFor("admin@hoshino.example"), input: undefined }))
          .filter((token) => token.name in made)
          .map((token) => [token.name, [token.status, token.expiresSoon]]),
      );
    expect(await listed()).toEqual({
      soon: ["active", true],
      far: ["active", false],
      "short-lived": ["active", false],
      "revoked, would be soon": ["revoked", false],
      gone: ["expired", false],
    });
    // The window is the reminders' own: wider, and the far token is marked; 0, and nothing is.
    vi.stubEnv("TOKEN_EXPIRY_REMINDER_DAYS", "90");
    try {
      expect((await listed()).far).toEqual(["active", true]);
      vi.stubEnv("TOKEN_EXPIRY_REMINDER_DAYS", "0");
      expect(Object.values(await listed()).some(([, soon]) => soon)).toBe(false);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses listApiTokens to an officer", async () => {
    await expect(listApiTokens({ ctx: await t.ctxFor(officer.email), input: undefined })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("API-token throttling per client address", () => {
  it("backs off after 5 rejected tokens from one address with 429, audited, and leaves other addresses alone", async () => {
    const { token } = await issue(officer.email, "throttle check");
    const from = async (clientIp: string) => ({ ...(await t.ctxFor(null)), clientIp });
    for (let i = 0; i < 5; i++) {
      await expect(authenticateToken({ ctx: await from("192.0.2.50"), input: { token: `khk_${"B".repeat(43)}${i}` } })).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    const ctx = await from("192.0.2.50");
    // Refused before the token is looked at, even a good one.
    const error = await authenticateToken({ ctx, input: { token } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThrottledError);
    expect((error as ThrottledError).retryAfterSeconds).toBe(1);
    expect((await auditEventsOf(t.database, ctx.requestId)).map((e) => [e.action, e.outcome, e.details])).toEqual([
      ["auth.token_throttled", "denied", { retryAfterSeconds: 1 }],
    ]);
    expect(await authenticateToken({ ctx: await from("192.0.2.51"), input: { token } })).toMatchObject({ userId: officer.id });
  });
});
