// The fault run's shared world (scripts/faults.ts): its options, the servers it starts, the databases it makes.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { inArray, sql } from "drizzle-orm";
import postgres from "postgres";
import { migrateDatabase, openDatabase, type Database } from "../../db/client";
import { emailOutbox } from "../../db/schema";
import { signingKey } from "../../lib/audit/signing-key";
import { seedDemo } from "../../lib/demo/seed-demo";
import { issueCliToken } from "../../lib/services/issue-cli-token";
import { LocalSmtp } from "../../lib/testing/local-smtp";
import { addDraftCompanies, cliCtx, type DraftCompany } from "../draft-companies";
import { Report } from "../fault-report";
import { ok, type Outcome } from "../fault-traffic";
import type { PrivateCluster } from "../private-cluster";
import { productionSecrets, startStandalone, type StandaloneServer } from "../production-server";

const { values } = parseArgs({
  options: {
    only: { type: "string", default: "outage,smtp,kill" },
    port: { type: "string", default: "3400" },
    "smtp-port": { type: "string", default: "3401" },
    "pg-port": { type: "string", default: "3499" },
    logs: { type: "string", default: ".reports/faults" },
  },
});
export const only = new Set(values.only.split(",").map((s) => s.trim()));
export const PORT = Number(values.port);
export const SMTP_PORT = Number(values["smtp-port"]);
export const PG_PORT = Number(values["pg-port"]);
export const CLUSTER = "kh_faults";
export const LOGS = path.resolve(values.logs);
export const RECOVERY_TARGET_MS = 5000;

export const log = (message: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const secrets = productionSecrets();
// The seed seals the demo accounts' TOTP secrets: under the server's key, so that the server can open them.
Object.assign(process.env, { MFA_ENCRYPTION_KEY: secrets.MFA_ENCRYPTION_KEY, PSEUDONYM_SECRET: secrets.PSEUDONYM_SECRET });
export const key = signingKey({ ...process.env, AUDIT_SIGNING_KEY: secrets.AUDIT_SIGNING_KEY });
export const publicKeys = new Map([[key.keyId, key.publicKeyPem]]);
export const smtp = new LocalSmtp(SMTP_PORT);
export const report = new Report();
export let current: StandaloneServer | null = null;
export let lastServerOutput = "";

export interface World {
  label: string;
  /** PostgreSQL, or else the PGlite folder. */
  url?: string;
  pgliteDir?: string;
  drafts: DraftCompany[];
  tokens: { reviewer: string; approver: string; auditor: string };
}

export const open = (world: World) => openDatabase(world.url ? { url: world.url } : { dataDir: world.pgliteDir });

/** A migrated database with the demo world, `drafts` synthetic companies with a draft each, and API tokens for staff. */
export async function makeWorld(label: string, target: { cluster: PrivateCluster; name: string } | { pgliteDir: string }, drafts: number): Promise<World> {
  let url: string | undefined;
  if ("cluster" in target) {
    const admin = postgres(target.cluster.url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${target.name} with (force)`);
    await admin.unsafe(`create database ${target.name}`);
    await admin.end();
    url = target.cluster.url.replace(/\/postgres$/, `/${target.name}`);
  }
  const world: World = { label, url, pgliteDir: "pgliteDir" in target ? target.pgliteDir : undefined, drafts: [], tokens: { reviewer: "", approver: "", auditor: "" } };
  const database = await open(world);
  try {
    await migrateDatabase(database);
    await seedDemo(database.db);
    world.drafts = await addDraftCompanies(database, drafts, label);
    const token = async (email: string) => (await issueCliToken({ ctx: cliCtx(database, "faults"), input: { email, name: "faults", expiresInDays: 1 } })).token;
    world.tokens = { reviewer: await token("reviewer@esb.example"), approver: await token("approver@esb.example"), auditor: await token("auditor@oversight.example") };
  } finally {
    await database.close();
  }
  return world;
}

/**
 * The production server on `world`'s database; mail to the local SMTP sink, retried every second or two.
 * Its output goes to `<logs>/<name>.log`.
 */
export function serve(world: World, name: string, onOutput?: (text: string) => void): StandaloneServer {
  const env: Record<string, string> = {
    ...secrets,
    ...(world.url ? { DATABASE_URL: world.url } : { PGLITE_DIR: world.pgliteDir! }),
    APP_URL: `http://127.0.0.1:${PORT}`,
    SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}?starttls=off`,
    EMAIL_RETRY_BASE_SECONDS: "1",
    EMAIL_RETRY_MAX_SECONDS: "2",
    EMAIL_POLL_MS: "500",
    // Checkpoints are sealed by a job on the queue: often enough here to show the queue works after a fault.
    AUDIT_CHECKPOINT_EVERY: "100",
  };
  const file = path.join(LOGS, `${name}.log`);
  current = startStandalone(PORT, env, (text) => {
    fs.appendFileSync(file, text);
    onOutput?.(text);
  });
  return current;
}

export async function stopServer(server: StandaloneServer): Promise<void> {
  await server.stop();
  lastServerOutput = server.output();
  if (current === server) current = null;
}

/** Outbox rows of these advisories' emails. */
export async function advisoryEmails(database: Database, advisoryIds: string[]) {
  return database.db
    .select({ id: emailOutbox.id, state: emailOutbox.state, attempts: emailOutbox.attempts, lastError: emailOutbox.lastError, to: emailOutbox.toAddress, advisoryId: sql<string>`${emailOutbox.reference}->>'advisoryId'` })
    .from(emailOutbox)
    .where(inArray(sql`${emailOutbox.reference}->>'advisoryId'`, advisoryIds));
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 250): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}

export const tally = (outcomes: Outcome[]) => {
  const n = (f: (o: Outcome) => boolean) => outcomes.filter(f).length;
  return { all: outcomes.length, ok: n(ok), unavailable: n((o) => o.status === 503 && o.problemJson), conflict: n((o) => o.status === 409), noAnswer: n((o) => o.status === 0) };
};
export const tallyText = (t: ReturnType<typeof tally>) => `${t.all}: ${t.ok} 2xx, ${t.unavailable} 503, ${t.conflict} 409, ${t.all - t.ok - t.unavailable - t.conflict - t.noAnswer} other, ${t.noAnswer} no answer`;
