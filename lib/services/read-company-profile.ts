import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { organisations } from "@/db/schema";
import { can, requireActor } from "@/lib/authz/policy";
import { activeConflict, assignmentOverlap, visibleCompanies } from "@/lib/authz/scope";
import { emit } from "@/lib/audit/emit";
import type { CompanyProfile } from "@/lib/schemas/profile";
import type { Actor, ServiceCall } from "./context";
import { withTx } from "./transaction";
import { NotFoundError, withDenial } from "./errors";
import { loadProfile } from "./internal/profiles";
import { serviceMessage } from "./messages";

interface Input {
  companyId: string;
  purpose?: string;
}

/**
 * A company profile by id. Company staff see only their own; agency staff see companies whose products
 * overlap their assignment and with whom they have no declared conflict, and each such read is audited.
 * Anything else answers 404, audited as denied with the reason.
 */
export async function readCompanyProfile({ ctx, input }: ServiceCall<Input>): Promise<CompanyProfile> {
  return withTx(ctx, async (tx) => {
    const actor = requireActor(ctx);
    const target = { type: "company_profile", id: input.companyId };
    const mayRead = can(actor.role, "profile.read_own") || can(actor.role, "profile.read_company");
    const wellFormed = z.uuid().safeParse(input.companyId).success;
    const [visible] = mayRead && wellFormed
      ? await tx
          .select({ id: organisations.id })
          .from(organisations)
          .where(and(eq(organisations.id, input.companyId), visibleCompanies(actor)))
      : [];
    if (!visible) {
      const hidden = !mayRead ? { reason: "role_lacks_permission" } : !wellFormed ? { reason: "no_such_company" } : await whyHidden(tx, actor, input.companyId);
      throw withDenial(new NotFoundError(serviceMessage("noCompany")), {
        action: "access.denied",
        outcome: "denied",
        // A company that exists sees the attempt in its access log.
        target: { ...target, ...(hidden.company ? { orgId: input.companyId } : {}) },
        purpose: input.purpose,
        details: { attempted: "profile.read", reason: hidden.reason },
      });
    }
    const profile = (await loadProfile(tx, input.companyId))!;
    if (actor.orgId !== input.companyId) {
      await emit(tx, ctx, {
        action: "profile.read",
        outcome: "allowed",
        target: { ...target, orgId: input.companyId },
        purpose: input.purpose ?? "company profile review",
        details: {},
      });
    }
    return profile;
  });
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
