import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { organisations } from "@/db/schema";
import { can, requireActor } from "@/lib/authz/policy";
import { activeConflict, assignmentOverlap, visibleCompanies } from "@/lib/authz/scope";
import { emit } from "@/lib/audit/emit";
import { unknownField } from "@/lib/schemas/audit-search";
import type { CompanyProfile } from "@/lib/schemas/profile";
import type { Actor, ServiceCall } from "./context";
import { withTx } from "./transaction";
import { NotFoundError, withDenial } from "./errors";
import { claimedId, parseInput, type Input } from "./input";
import { loadProfile } from "./internal/profiles";
import { serviceMessage } from "./messages";

const MAX_PURPOSE = 500;

// The company (from the path) and the purpose the caller gives (from the query): nothing else.
const readSchema = z.strictObject(
  { companyId: z.string(), purpose: z.string().trim().max(MAX_PURPOSE, "validation.tooLong").optional() },
  unknownField,
);

/**
 * A company profile by id. Company staff see only their own; agency staff see companies whose products
 * overlap their assignment and with whom they have no declared conflict, and each such read is audited
 * with its purpose. Anything else answers 404, audited as denied with the reason and the purpose claimed.
 */
export async function readCompanyProfile({ ctx, input: raw }: ServiceCall<Input<{ companyId: string; purpose?: string }>>): Promise<CompanyProfile> {
  return withTx(ctx, async (tx) => {
    const actor = requireActor(ctx);
    const companyId = claimedId(raw, "companyId");
    const claimed = raw !== null && typeof raw === "object" ? (raw as { purpose?: unknown }).purpose : undefined;
    const claimedPurpose = typeof claimed === "string" ? claimed.slice(0, MAX_PURPOSE) : undefined;
    const target = { type: "company_profile", id: companyId };
    const mayRead = can(actor.role, "profile.read_own") || can(actor.role, "profile.read_company");
    const wellFormed = z.uuid().safeParse(companyId).success;
    const [visible] = mayRead && wellFormed
      ? await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(and(eq(organisations.id, companyId), visibleCompanies(actor)))
      : [];
    if (!visible) {
      const hidden = !wellFormed
        ? { reason: mayRead ? "no_such_company" : "role_lacks_permission" }
        : !mayRead
          ? { reason: "role_lacks_permission", ...((await isCompany(tx, companyId)) ? { company: true as const } : {}) }
          : await whyHidden(tx, actor, companyId);
      throw withDenial(new NotFoundError(serviceMessage("noCompany")), {
        action: "access.denied",
        outcome: "denied",
        // A company that exists sees the attempt in its access log — the operator's and an auditor's too
        // (listed by kind of party, as their refused attempts at its disclosures are).
        target: { ...target, ...(hidden.company ? { orgId: companyId } : {}) },
        purpose: claimedPurpose,
        details: { attempted: "profile.read", reason: hidden.reason },
      });
    }
    // The query is checked once the company is known to be one the caller may read.
    const { purpose } = parseInput(readSchema, raw, "(query)");
    const profile = (await loadProfile(tx, companyId))!;
    if (actor.orgId !== companyId) {
      await emit(tx, ctx, {
        action: "profile.read",
        outcome: "allowed",
        target: { ...target, orgId: companyId },
        purpose: purpose || "company profile review",
        details: {},
      });
    }
    return profile;
  });
}

async function isCompany(tx: Parameters<typeof loadProfile>[0], companyId: string): Promise<boolean> {
  const [row] = await tx.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.id, companyId), eq(organisations.type, "company")));
  return Boolean(row);
}

async function whyHidden(tx: Parameters<typeof loadProfile>[0], actor: Actor, companyId: string): Promise<{ reason: string; company?: true }> {
  const [row] = await tx
    .select({
      isCompany: sql<boolean>`${organisations.type} = 'company'`,
      overlap: sql<boolean>`${assignmentOverlap(actor.userId, companyId)}`,
      conflict: sql<boolean>`${activeConflict(actor.userId, companyId)}`,
    })
    .from(organisations)
    .where(eq(organisations.id, companyId));
  if (!row || !row.isCompany) return { reason: "no_such_company" };
  const reason = actor.orgType === "company" ? "other_tenant" : row.conflict ? "conflict_of_interest" : !row.overlap ? "outside_assignment" : "out_of_scope";
  return { reason, company: true };
}
