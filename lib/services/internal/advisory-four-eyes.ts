import { asc, eq, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { advisories, organisations, type AdvisoryRevisionRow, type AdvisoryRow } from "@/db/schema";
import { can } from "@/lib/authz/policy";
import type { Actor } from "../context";
import { ConflictError, ForbiddenError, withDenial } from "../errors";
import { serviceMessage, type ServiceMessageKey } from "../messages";

// Who may decide on an advisory's revision awaiting approval (approve it, return it, withdraw it): the
// four-eyes rules of SPEC §4.3, which the database's guards repeat behind the wall (migrations 0038, 0040, 0044).

/**
 * The companies a decision on `revision` concerns by name with which the user declared a conflict in force
 * today, by name in both languages (sorted by the English one): the rule is the database's alone (advisory_conflicted_companies, migration 0050),
 * the one the guards ask. Those companies are the revision's named ones, those any published revision of the
 * advisory named (a revision that drops a name still goes to that company, requireRevisionReachesDelivered),
 * and — for the first revision of an advisory that supersedes another — those the superseded one named,
 * since approving it ends that advisory as surely as withdrawing it would. A decision locks the superseded
 * advisory first (`lock`); a page only telling the approver reads without it.
 */
export async function conflictedCompanies(tx: Executor, userId: string, row: AdvisoryRow, revision: AdvisoryRevisionRow, { lock = true } = {}): Promise<CompanyName[]> {
  // The superseded advisory is locked before its names are read, as approving a revision of it locks it: a
  // revision naming a company, approved meanwhile, is then read by the next statement, not missed and ended unseen.
  if (lock && row.supersedesId && revision.number === 1) {
    await tx.select({ id: advisories.id }).from(advisories).where(eq(advisories.id, row.supersedesId)).for("update");
  }
  const rows = await tx
    .select({ en: organisations.nameEn, ja: organisations.nameJa })
    .from(sql`advisory_conflicted_companies(${row.id}::uuid, ${revision.number}::integer, ${userId}::uuid) as conflicted(id)`)
    .innerJoin(organisations, sql`${organisations.id} = conflicted.id`)
    .orderBy(asc(organisations.nameEn));
  return rows;
}

export type CompanyName = { en: string; ja: string };

/** A refusal under the four-eyes rules: the reason (and the companies, for a conflict) let the UI say why in its language. */
export class ApprovalRefusedError extends ConflictError {
  constructor(
    message: string,
    readonly reason: "self_approval" | "conflict_of_interest",
    readonly companies: CompanyName[] = [],
  ) {
    super(message);
  }
}

/** Whether the user wrote the revision: its author, one of its editors, or the advisory's creator. */
export const wroteRevision = (userId: string, row: AdvisoryRow, revision: AdvisoryRevisionRow) =>
  revision.authorId === userId || revision.editors.includes(userId) || row.createdBy === userId;

/**
 * Only an approver, or one of the revision's writers, takes it back — returns it to draft, or drops it
 * unpublished: a reviewer does not pull back a colleague's work. Anyone else: 403 with `message`, audited.
 */
export function requireWriterOrApprover(actor: Actor, row: AdvisoryRow, revision: AdvisoryRevisionRow, attempted: string, message: ServiceMessageKey): void {
  if (can(actor.role, "advisory.approve") || wroteRevision(actor.userId, row, revision)) return;
  throw withDenial(new ForbiddenError(serviceMessage(message)), {
    action: "access.denied",
    outcome: "denied",
    target: { type: "advisory", id: row.id, orgId: row.agencyId },
    details: { attempted, reason: "not_a_writer" },
  });
}

/** The four-eyes rules for the one who approves (or withdraws, or returns) what others drafted: 409 with the reason, audited. */
export async function requireIndependentApprover(tx: Executor, actor: Actor, row: AdvisoryRow, revision: AdvisoryRevisionRow, attempted: string): Promise<void> {
  const target = { type: "advisory", id: row.id, orgId: row.agencyId };
  // Sending it for approval is writing it too (only its writers may: requestAdvisoryApproval).
  const wrote = wroteRevision(actor.userId, row, revision) || revision.approvalRequestedBy === actor.userId;
  if (attempted === "advisory.approve" && wrote) {
    throw withDenial(new ApprovalRefusedError("You drafted or edited this advisory: a different approver must approve it (no self-approval).", "self_approval"), {
      action: "access.denied",
      outcome: "denied",
      target,
      details: { attempted, reason: "self_approval" },
    });
  }
  const conflicted = await conflictedCompanies(tx, actor.userId, row, revision);
  if (conflicted.length) {
    throw withDenial(
      new ApprovalRefusedError(`You declared a conflict of interest with ${conflicted.map((c) => c.en).join(", ")}, which this advisory names: another approver must decide.`, "conflict_of_interest", conflicted),
      { action: "access.denied", outcome: "denied", target, details: { attempted, reason: "conflict_of_interest" } },
    );
  }
}
