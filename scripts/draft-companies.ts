// Synthetic companies with a draft each, for runs that submit many disclosures at once through the API
// (bench:disclosures, faults), and what the database holds for them afterwards.
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { auditEvents, disclosures, disclosureVersions, exposureItems, memberships, organisationProducts, organisations, users } from "../db/schema";
import { hashPassword } from "../lib/security/passwords";
import { sequenceAll } from "../lib/audit/sequencer";
import { verifyChain, type VerificationResult } from "../lib/audit/verify";
import { createDisclosure } from "../lib/services/create-disclosure";
import { issueCliToken } from "../lib/services/issue-cli-token";
import { operatorContext, type RequestContext } from "../lib/services/context";

export const cliCtx = (database: Database, userAgent: string): RequestContext => operatorContext(database.db, userAgent);

export interface DraftCompany {
  orgId: string;
  userId: string;
  email: string;
  /** The draft disclosure (2026-H2, two exposure items). */
  id: string;
  /** The officer's API token. */
  token: string;
}

/** The exposure items of every synthetic draft: a submitted version holds exactly these two. */
export const DRAFT_ITEM_COUNT = 2;

/**
 * `count` companies dealing in permanent magnets, each with an officer, the officer's API token and a draft.
 * The officers have accepted their invitations (a password set: one random one, hashed once), as advisory
 * emails go only to such users.
 */
export async function addDraftCompanies(database: Database, count: number, label: string): Promise<DraftCompany[]> {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const drafts: DraftCompany[] = [];
  const passwordHash = await hashPassword(randomUUID());
  for (let i = 0; i < count; i++) {
    const orgId = randomUUID();
    const userId = randomUUID();
    const email = `officer${i}@${slug}-company.example`;
    await database.db.transaction(async (tx) => {
      await tx.insert(organisations).values({ id: orgId, type: "company", nameEn: `${label} Company ${i}`, nameJa: `${label}社 ${i}` });
      await tx.insert(organisationProducts).values({ organisationId: orgId, productCode: "permanent_magnets" });
      await tx.insert(users).values({ id: userId, email, displayName: `${label} Officer ${i}`, passwordHash });
      await tx.insert(memberships).values({ userId, organisationId: orgId, role: "company_officer" });
    });
    const token = (await issueCliToken({ ctx: cliCtx(database, label), input: { email, name: slug, expiresInDays: 1 } })).token;
    const actor = { userId, orgId, orgType: "company" as const, role: "company_officer" as const };
    const draft = await createDisclosure({
      ctx: { ...cliCtx(database, label), actor },
      input: {
        reportingPeriod: "2026-H2",
        notes: `Synthetic disclosure (${label}).`,
        items: [
          { productCode: "permanent_magnets", stage: "component", supplierCountry: "CN", sharePercent: 60, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false },
          { productCode: "permanent_magnets", stage: "component", supplierCountry: "VN", sharePercent: 40, inventoryDays: 30, alternativeSuppliers: 2, singleSource: false },
        ],
      },
    });
    drafts.push({ orgId, userId, email, id: draft.id, token });
  }
  return drafts;
}

export interface SubmissionState {
  status: string;
  latestVersion: number;
  versions: number;
  items: number;
  /** `disclosure.submit` audit events naming the disclosure. */
  submitEvents: number;
}

/** Per disclosure id: its status and version number, and how many versions, exposure items and submit events it has. */
export async function submissionStates(db: Executor, ids: string[]): Promise<Map<string, SubmissionState>> {
  const states = new Map<string, SubmissionState>();
  if (ids.length === 0) return states;
  const rows = await db.select({ id: disclosures.id, status: disclosures.status, latestVersion: disclosures.latestVersion }).from(disclosures).where(inArray(disclosures.id, ids));
  for (const r of rows) states.set(r.id, { status: r.status, latestVersion: r.latestVersion, versions: 0, items: 0, submitEvents: 0 });
  const tally = async (key: "versions" | "items" | "submitEvents", rowsOf: Promise<{ id: string | null; n: number }[]>) => {
    for (const r of await rowsOf) if (r.id && states.has(r.id)) states.get(r.id)![key] = Number(r.n);
  };
  await tally("versions", db.select({ id: disclosureVersions.disclosureId, n: count() }).from(disclosureVersions).where(inArray(disclosureVersions.disclosureId, ids)).groupBy(disclosureVersions.disclosureId));
  await tally("items", db.select({ id: exposureItems.disclosureId, n: count() }).from(exposureItems).where(inArray(exposureItems.disclosureId, ids)).groupBy(exposureItems.disclosureId));
  await tally(
    "submitEvents",
    db
      .select({ id: auditEvents.targetId, n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "disclosure.submit"), inArray(auditEvents.targetId, ids)))
      .groupBy(auditEvents.targetId),
  );
  return states;
}

/** A synthetic draft submitted once, whole: status submitted, version 1 with both items, one audit event. */
export const submittedWhole = (s: SubmissionState | undefined) =>
  !!s && s.status === "submitted" && s.latestVersion === 1 && s.versions === 1 && s.items === DRAFT_ITEM_COUNT && s.submitEvents === 1;
/** A synthetic draft left untouched: no version, no items frozen, no submit event. */
export const untouchedDraft = (s: SubmissionState | undefined) => !!s && s.status === "draft" && s.latestVersion === 0 && s.versions === 0 && s.items === 0 && s.submitEvents === 0;

/**
 * Verifies the audit chain once nothing is left unchained, waiting up to `timeoutMs` for the server's own
 * sequencer (a transaction open elsewhere on the server can hold a pass back); with `sequence`, this
 * process runs passes too. Checkpoints are checked against `publicKeys`.
 */
export async function verifySettledChain(db: Executor, publicKeys: Map<string, string>, options: { sequence: boolean; timeoutMs?: number }): Promise<VerificationResult & { waitedMs: number }> {
  const started = performance.now();
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let verification = await verifyChain(db, { publicKeys });
  while (verification.ok && verification.pending > 0 && Date.now() < deadline) {
    if (options.sequence) await sequenceAll(db);
    await new Promise((resolve) => setTimeout(resolve, 250));
    verification = await verifyChain(db, { publicKeys });
  }
  return { ...verification, waitedMs: performance.now() - started };
}
