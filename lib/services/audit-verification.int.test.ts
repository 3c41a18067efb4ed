import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { createCheckpoint } from "@/lib/audit/checkpoint";
import { keyIdOf, verifyCheckpointSignature } from "@/lib/audit/checkpoint-format";
import { actAs, callRoute, useDatabase } from "@/lib/testing/route-harness";
import { auditEventsOf, chainAll, createTestDatabase, signInDemo, type TestDatabase } from "@/lib/testing/test-database";
import { exportedCheckpointSchema, verificationResultSchema } from "@/lib/schemas/audit-verification";
import { NotFoundError } from "./errors";
import { getAuditPublicKey } from "./get-audit-public-key";
import { sealAuditCheckpoint } from "./seal-audit-checkpoint";
import { verifyAuditLog } from "./verify-audit-log";

vi.mock("@/lib/auth/auth", async (original) => (await import("@/lib/testing/route-harness")).harnessMocks.auth(await original()));
vi.mock("next/headers", async () => (await import("@/lib/testing/route-harness")).harnessMocks.headers);
vi.mock("next/cache", async () => (await import("@/lib/testing/route-harness")).harnessMocks.cache);

let t: TestDatabase;
beforeAll(async () => {
  process.env.AUDIT_SIGNING_KEY = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  t = await createTestDatabase();
  await t.database.db.insert(auditEvents).values({ action: "auth.sign_in", outcome: "allowed" });
  await chainAll(t.database);
});
afterAll(async () => {
  await t?.close();
  delete process.env.AUDIT_SIGNING_KEY;
});

describe("audit verification for auditors", () => {
  it("seals a checkpoint the public key verifies, then verifies the log and records the run", async () => {
    const ctx = await t.ctxFor("auditor@oversight.example");
    const { checkpoint, created } = await sealAuditCheckpoint({ ctx, input: undefined });
    expect(created).toBe(true);
    expect(verifyCheckpointSignature(checkpoint, getAuditPublicKey().publicKey)).toBe(true);
    expect(checkpoint.keyId).toBe(getAuditPublicKey().keyId);

    await chainAll(t.database);
    const verifyCtx = await t.ctxFor("auditor@oversight.example");
    const result = await verifyAuditLog({ ctx: verifyCtx, input: undefined });
    expect(result).toMatchObject({ ok: true, firstBad: null });
    expect(verificationResultSchema.parse(result)).toEqual(result);
    expect(exportedCheckpointSchema.parse(checkpoint)).toEqual(checkpoint);
    expect(result.checkpoints).toBeGreaterThanOrEqual(1);
    const [event] = await auditEventsOf(t.database, verifyCtx.requestId);
    expect(event).toMatchObject({ action: "audit.verify", outcome: "allowed", details: { ok: true, firstBadSeq: null } });
  });

  it("reports tampering through the service too", async () => {
    await chainAll(t.database);
    const ctx = await t.ctxFor("auditor@oversight.example");
    await t.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`update ${auditEvents} set outcome = 'denied' where seq = 1`);
        const result = await verifyAuditLog({ ctx: { ...ctx, db: tx }, input: undefined });
        expect(result.firstBad).toMatchObject({ seq: 1, problem: "altered" });
        throw new Error("rollback");
      })
      .catch((error: unknown) => expect(String(error)).toContain("rollback"));
  });

  it.each(["officer@hoshino.example", "reviewer@esb.example", "admin@kakehashi.example"])(
    "hides verification and sealing from %s (404, audited)",
    async (email) => {
      const ctx = await t.ctxFor(email);
      await expect(verifyAuditLog({ ctx, input: undefined })).rejects.toBeInstanceOf(NotFoundError);
      await expect(sealAuditCheckpoint({ ctx, input: undefined })).rejects.toBeInstanceOf(NotFoundError);
      const events = await auditEventsOf(t.database, ctx.requestId);
      expect(events.map((e) => [e.action, e.outcome, (e.details as { attempted: string }).attempted])).toEqual([
        ["access.denied", "denied", "audit.verify"],
        ["access.denied", "denied", "audit.verify"],
      ]);
    },
  );

  it("answers 201 for a checkpoint sealed now, and 200 with the newest when nothing was chained since", async () => {
    useDatabase(t.database);
    actAs(await signInDemo(t, "auditor@oversight.example"));
    await chainAll(t.database);
    const sealed = await callRoute(t.database, { method: "POST", route: "/api/v1/audit/checkpoints" });
    expect(sealed.status).toBe(201);
    const again = await callRoute(t.database, { method: "POST", route: "/api/v1/audit/checkpoints" });
    expect(again.status).toBe(200);
    expect((again.body as { seq: number }).seq).toBe((sealed.body as { seq: number }).seq);
  });
});

describe("verification against checkpoints kept outside the server", () => {
  it("catches a tail cut together with its stored checkpoints only against the exported one (POST /api/v1/audit/verify), and refuses a malformed one (422)", async () => {
    useDatabase(t.database);
    // A code is accepted once: the test above signed in with this step's.
    actAs(await signInDemo(t, "auditor@oversight.example", { stepsAhead: 1 }));
    await t.database.db.insert(auditEvents).values([{ action: "auth.sign_in", outcome: "allowed" }, { action: "auth.sign_out", outcome: "allowed" }]);
    await chainAll(t.database);
    const kept = (await callRoute(t.database, { method: "POST", route: "/api/v1/audit/checkpoints" })).body as { seq: number; headHash: string };
    const sound = await callRoute(t.database, { method: "POST", route: "/api/v1/audit/verify", body: { checkpoints: [kept] } });
    expect(sound).toMatchObject({ status: 200, body: { ok: true, firstBad: null } });
    const [recorded] = await t.database.db.select().from(auditEvents).where(sql`${auditEvents.action} = 'audit.verify'`).orderBy(sql`${auditEvents.id} desc`).limit(1);
    expect(recorded).toMatchObject({ outcome: "allowed", details: { ok: true, exportedCheckpoints: 1 } });

    // The newest events removed, and every stored checkpoint that covered them: the log alone looks sound.
    const ctx = await t.ctxFor("auditor@oversight.example");
    await t.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from audit_checkpoints where seq >= ${kept.seq - 1}`);
        await tx.execute(sql`delete from ${auditEvents} where seq >= ${kept.seq - 1}`);
        expect(await verifyAuditLog({ ctx: { ...ctx, db: tx }, input: undefined })).toMatchObject({ ok: true });
        const caught = await verifyAuditLog({ ctx: { ...ctx, db: tx }, input: { checkpoints: [kept] } });
        expect(caught).toMatchObject({ ok: false, firstBad: { seq: kept.seq - 1, problem: "truncated" } });
        throw new Error("rollback");
      })
      .catch((error: unknown) => expect(String(error)).toContain("rollback"));

    const forged = await callRoute(t.database, { method: "POST", route: "/api/v1/audit/verify", body: { checkpoints: [{ ...kept, headHash: "not a hash" }] } });
    expect(forged.status).toBe(422);
    expect(JSON.stringify(forged.body)).toContain("checkpoints.0.headHash");
    expect((await callRoute(t.database, { method: "POST", route: "/api/v1/audit/verify", body: { checkpoints: [], since: 1 } })).status).toBe(422);
  });
});

describe("checkpoints signed with an earlier key", () => {
  it("fail verification until the earlier public key is among the trusted ones (AUDIT_PREVIOUS_PUBLIC_KEYS)", async () => {
    // The server's key was replaced: a checkpoint the earlier key signed is in the log.
    const earlier = generateKeyPairSync("ed25519");
    const publicKeyPem = earlier.publicKey.export({ type: "spki", format: "pem" }).toString();
    await t.database.db.insert(auditEvents).values({ action: "auth.sign_in", outcome: "allowed" });
    await chainAll(t.database);
    const { created } = await createCheckpoint(t.database.db, await t.ctxFor(null), { privateKey: earlier.privateKey, publicKeyPem, keyId: keyIdOf(createPublicKey(publicKeyPem)) });
    expect(created).toBe(true);
    const ctx = await t.ctxFor("auditor@oversight.example");
    const untrusted = await verifyAuditLog({ ctx, input: undefined });
    expect(untrusted.ok).toBe(false);
    expect(untrusted.badCheckpoints.map((b) => b.problem)).toContain("bad_signature");
    process.env.AUDIT_PREVIOUS_PUBLIC_KEYS = Buffer.from(publicKeyPem).toString("base64");
    try {
      const trusted = await verifyAuditLog({ ctx, input: undefined });
      expect(trusted).toMatchObject({ ok: true, badCheckpoints: [] });
      process.env.AUDIT_PREVIOUS_PUBLIC_KEYS = "not a key";
      await expect(verifyAuditLog({ ctx, input: undefined })).rejects.toThrow(/AUDIT_PREVIOUS_PUBLIC_KEYS holds no PEM public key/);
    } finally {
      delete process.env.AUDIT_PREVIOUS_PUBLIC_KEYS;
    }
  });
});
