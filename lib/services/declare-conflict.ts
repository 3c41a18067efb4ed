import { and, eq, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "@/db/client";
import { conflictDeclarations, organisations } from "@/db/schema";
import { can, requireActor } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { conflictDeclarationSchema, ownConflictDeclarationSchema, type ConflictDeclarationInput } from "@/lib/schemas/admin";
import type { ServiceCall } from "./context";
import { ForbiddenError, ValidationError, withDenial } from "./errors";
import { claimedId, NO_ID, parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { findManagedUser } from "./internal/users";
import { serviceMessage } from "./messages";
import { enterRowSecurity } from "./internal/row-security";

/**
 * Records a conflict of interest between an agency user and a company: by a platform admin for any
 * agency user, or by agency staff for themselves. From `validFrom` the user no longer sees or
 * reviews that company's disclosures (the services and row-level security read this table). Staff
 * declaring for themselves may only widen their recusal: from today or earlier, with no end date.
 */
export async function declareConflict({ ctx, input: raw }: ServiceCall<Input<ConflictDeclarationInput>>): Promise<{ id: string }> {
  return withTx(ctx, async (tx) => {
    const actor = requireActor(ctx);
    await enterRowSecurity(tx, actor);
    const claimedUser = claimedId(raw, "userId");
    const self = claimedUser === NO_ID || claimedUser === actor.userId;
    const allowed = self ? can(actor.role, "conflict.declare_own") || can(actor.role, "conflict.manage") : can(actor.role, "conflict.manage");
    if (!allowed) {
      throw withDenial(new ForbiddenError(serviceMessage("roleNotAllowed")), {
        action: "access.denied",
        outcome: "denied",
        target: { type: "user", id: self ? actor.userId : claimedUser },
        details: { attempted: "conflict.declare", reason: "role_lacks_permission" },
      });
    }
    const user = await findManagedUser(tx, self ? actor.orgId : null, self ? actor.userId : claimedUser, "conflict.declare");
    const input = parseInput(self ? ownConflictDeclarationSchema(await tokyoToday(tx)) : conflictDeclarationSchema, raw);
    const userId = user.userId;
    if (user.orgType !== "agency") throw new ValidationError([{ path: "userId", message: "validation.agencyStaffConflict" }]);
    const [company] = await tx
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, input.companyId), eq(organisations.type, "company")));
    if (!company) throw new ValidationError([{ path: "companyId", message: "validation.company" }]);
    const validUntil = input.validUntil ? input.validUntil : null;
    // One declaration per person, company and day: another whose days meet these would only repeat it.
    const [overlapping] = await tx
      .select({ id: conflictDeclarations.id })
      .from(conflictDeclarations)
      .where(
        and(
          eq(conflictDeclarations.userId, userId),
          eq(conflictDeclarations.companyId, company.id),
          sql`${conflictDeclarations.validFrom} <= coalesce(${validUntil}::date, 'infinity'::date)`,
          sql`coalesce(${conflictDeclarations.validUntil}, 'infinity'::date) >= ${input.validFrom}::date`,
          sql`(${conflictDeclarations.validUntil} is null or ${conflictDeclarations.validUntil} >= ${conflictDeclarations.validFrom})`,
        ),
      )
      .limit(1);
    if (overlapping) throw new ValidationError([{ path: "companyId", message: "validation.conflictAlreadyDeclared" }]);
    const [row] = await tx
      .insert(conflictDeclarations)
      .values({ userId, companyId: company.id, reason: input.reason, validFrom: input.validFrom, validUntil, declaredBy: actor.userId })
      .returning({ id: conflictDeclarations.id });
    await emit(tx, ctx, {
      action: "conflict.declare",
      outcome: "allowed",
      target: { type: "conflict_declaration", id: row!.id, orgId: company.id },
      details: { userId, companyId: company.id, validFrom: input.validFrom, validUntil, self },
    });
    return { id: row!.id };
  });
}

/** Today in Tokyo by the database's clock: the day the walls judge a declaration in force on (migration 0033). */
async function tokyoToday(tx: Executor): Promise<string> {
  const [row] = rowsOf<{ today: string }>(await tx.execute(sql`select tokyo_today()::text as today`));
  return row!.today;
}
