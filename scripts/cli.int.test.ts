import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { generateKeyPairSync } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type DatabaseConfig } from "@/db/client";
import { apiTokens, auditEvents, users } from "@/db/schema";
import { keyIdOf, signCheckpoint } from "@/lib/audit/checkpoint-format";
import { testDatabaseKind, testPostgresUrl } from "@/lib/testing/test-database";

const run = promisify(execFile);
const testKeyPem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");

// The command-line tasks run as their own processes, against the driver this test run is for.
describe(`command line (${testDatabaseKind()})`, () => {
  let env: NodeJS.ProcessEnv;
  let config: DatabaseConfig;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    if (testDatabaseKind() === "postgres") {
      const name = `kh_test_cli_${randomBytes(6).toString("hex")}`;
      const admin = postgres(testPostgresUrl(), { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(testPostgresUrl());
      url.pathname = `/${name}`;
      config = { url: url.toString() };
      env = { ...process.env, DATABASE_URL: config.url, PGLITE_DIR: "" };
      cleanup = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kh-cli-"));
      config = { dataDir: path.join(dir, "pglite") };
      env = { ...process.env, PGLITE_DIR: config.dataDir, DATABASE_URL: "" };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    await run(tsx, ["scripts/db-seed.ts"], { env });
  }, 120_000);

  afterAll(async () => cleanup());

  it("token:create prints the token alone on its last line, stores only its digest, and audits the issue", async () => {
    const { stdout } = await run(tsx, ["scripts/token-create.ts", "--email", "officer@hoshino.example", "--name", "erp"], { env });
    const lines = stdout.trim().split("\n");
    const token = lines.at(-1)!;
    expect(token).toMatch(/^khk_[A-Za-z0-9_-]{43}$/);
    expect(lines.slice(0, -1).join("\n")).not.toContain(token);

    const database = await openDatabase(config);
    try {
      const [row] = await database.db.select().from(apiTokens).where(eq(apiTokens.secretHash, createHash("sha256").update(token).digest("hex")));
      expect(row?.name).toBe("erp");
      expect(Object.values(row!).map(String)).not.toContain(token);
      const events = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, row!.id));
      expect(events.map((e) => e.action)).toEqual(["api_token.create"]);
    } finally {
      await database.close();
    }
  });

  it("token:create refuses an unknown email and bad arguments without writing", async () => {
    await expect(run(tsx, ["scripts/token-create.ts", "--email", "nobody@example.com"], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("No user with email nobody@example.com"),
    });
    await expect(run(tsx, ["scripts/token-create.ts", "--email", "officer@hoshino.example", "--days", "0"], { env })).rejects.toMatchObject({
      code: 64,
      stderr: expect.stringContaining("usage:"),
    });
    // A blank name, as the web form and the API refuse it; a misspelt flag and a flag without its value say
    // so with the usage, never with a stack trace.
    for (const args of [["--email", "officer@hoshino.example", "--name", "   "], ["--emial", "officer@hoshino.example"], ["--email"]]) {
      const refused = await run(tsx, ["scripts/token-create.ts", ...args], { env }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(refused).toMatchObject({ code: 64, stderr: expect.stringContaining("usage: npm run token:create") });
      expect(refused!.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("db:migrate, db:seed and demo refuse arguments they do not take, with the usage, before anything is done", async () => {
    for (const [script, args] of [["db-migrate", ["--force"]], ["db-seed", ["again"]], ["demo", ["--port", "4000"]]] as const) {
      const refused = await run(tsx, [`scripts/${script}.ts`, ...args], { env }).then(
        () => null,
        (error: { code: number; stderr: string; stdout: string }) => error,
      );
      expect(refused).toMatchObject({ code: 64, stdout: "", stderr: expect.stringContaining(`usage: npm run ${script.replace("-", ":")}`) });
      expect(refused!.stderr).not.toMatch(/\n\s+at /);
    }
  }, 120_000);

  it("says plainly what is wrong with the configuration, and with a checkpoint it cannot sign", async () => {
    const pool = await run(tsx, ["scripts/token-create.ts", "--email", "officer@hoshino.example"], {
      env: { ...env, DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", DATABASE_POOL_SIZE: "0" },
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(pool).toMatchObject({ code: 2, stderr: expect.stringContaining("DATABASE_POOL_SIZE must be a whole number") });
    expect(pool!.stderr).not.toMatch(/\n\s+at /);
    // No key configured and none beside the data: a key made on the spot would sign what no one can check.
    const keyless = fs.mkdtempSync(path.join(os.tmpdir(), "kh-nokey-"));
    const noKeyEnv = testDatabaseKind() === "postgres" ? { ...env, AUDIT_SIGNING_KEY: "", PGLITE_DIR: path.join(keyless, "pglite") } : { ...env, AUDIT_SIGNING_KEY: "" };
    await expect(run(tsx, ["scripts/audit-checkpoint.ts"], { env: noKeyEnv })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("no audit signing key here"),
    });
    expect(fs.readdirSync(keyless)).toEqual([]);
  }, 120_000);

  it("admin:bootstrap refuses where a platform admin exists (the demo's), and bad arguments, without writing", async () => {
    await expect(run(tsx, ["scripts/admin-bootstrap.ts", "--email", "ops@operator.example", "--name", "Ops"], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("A platform admin exists already"),
    });
    await expect(run(tsx, ["scripts/admin-bootstrap.ts", "--email", "ops@operator.example"], { env })).rejects.toMatchObject({
      code: 64,
      stderr: expect.stringContaining("usage: npm run admin:bootstrap"),
    });
    const database = await openDatabase(config);
    try {
      expect(await database.db.select().from(users).where(eq(users.email, "ops@operator.example"))).toEqual([]);
    } finally {
      await database.close();
    }
  });

  // Six processes, each opening the database: on PGlite, on a loaded 2-core machine, well over a minute.
  it("audit:checkpoint exports a checkpoint; audit:verify passes a sound log and names the cut tail", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kh-cp-"));
    const file = path.join(dir, "checkpoint.json");
    const keyEnv = { ...env, AUDIT_SIGNING_KEY: testKeyPem };
    // A folder where the file should go, or a folder that does not exist: one line, exit 2, nothing sealed.
    for (const [out, said] of [[dir, "it is a folder"], [path.join(dir, "missing", "c.json"), "its folder does not exist or cannot be written"]]) {
      await expect(run(tsx, ["scripts/audit-checkpoint.ts", "--out", out!], { env: keyEnv })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining(`cannot write ${out}: ${said}`) });
    }
    await run(tsx, ["scripts/audit-checkpoint.ts", "--out", file], { env: keyEnv });
    const exported = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(exported).toMatchObject({ format: "kakehashi-audit-checkpoint", algorithm: "Ed25519", seq: expect.any(Number) });

    const sound = await run(tsx, ["scripts/audit-verify.ts", "--checkpoint", file], { env: keyEnv });
    expect(sound.stdout).toMatch(/^audit log sound: \d+ events verified through sequence \d+/);

    // The same seal signed with a key of someone else's, which the file carries: not the server's, so not trusted…
    const other = generateKeyPairSync("ed25519");
    const otherPem = other.publicKey.export({ type: "spki", format: "pem" }).toString();
    const body = { seq: exported.seq, headHash: exported.headHash, createdAt: exported.createdAt, keyId: keyIdOf(other.publicKey) };
    const forgedFile = path.join(dir, "forged.json");
    fs.writeFileSync(forgedFile, JSON.stringify({ ...exported, ...body, signature: signCheckpoint(body, other.privateKey), publicKey: otherPem }));
    await expect(run(tsx, ["scripts/audit-verify.ts", "--checkpoint", forgedFile], { env: keyEnv })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`first bad event at sequence ${exported.seq} (bad_signature): the checkpoint at sequence ${exported.seq} (key ${body.keyId}) has no valid signature: its key is not a trusted key`),
    });
    // …unless the verifier is given that key.
    const otherKeyFile = path.join(dir, "other.pem");
    fs.writeFileSync(otherKeyFile, otherPem);
    const trusted = await run(tsx, ["scripts/audit-verify.ts", "--checkpoint", forgedFile, "--public-key", otherKeyFile], { env: keyEnv });
    expect(trusted.stdout).toMatch(/^audit log sound: /);

    const database = await openDatabase(config);
    try {
      await database.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.execute(sql`delete from audit_checkpoints`);
        await tx.execute(sql`delete from audit_events where seq = ${exported.seq}`);
      });
    } finally {
      await database.close();
    }
    await expect(run(tsx, ["scripts/audit-verify.ts", "--checkpoint", file], { env: keyEnv })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`first bad event at sequence ${exported.seq} (truncated)`),
    });
    await expect(run(tsx, ["scripts/audit-verify.ts", "--checkpoint", path.join(dir, "missing.json")], { env: keyEnv })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("cannot read the checkpoint file"),
    });
  }, 300_000);

  it.runIf(testDatabaseKind() === "pglite")("a command refuses a PGlite folder another process holds, with a clear message", async () => {
    const holder = await openDatabase(config);
    try {
      await expect(run(tsx, ["scripts/token-create.ts", "--email", "officer@hoshino.example"], { env })).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining(`is in use by process ${process.pid}`),
      });
    } finally {
      await holder.close();
    }
  });
});
