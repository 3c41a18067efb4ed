import { and, eq, inArray } from "drizzle-orm";
import { productAssignments } from "@/db/schema";
import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { assignmentSchema, type AssignmentInput } from "@/lib/schemas/admin";
import type { ServiceCall } from "./context";
import { ValidationError } from "./errors";
import { claimedId, parseInput, type Input } from "./input";
import { withTx } from "./transaction";
import { findManagedUser } from "./internal/users";
import { enterRowSecurity } from "./internal/row-security";

/** A platform admin sets the critical products an agency user is assigned to (their need-to-know); the change is audited as what was added and removed. */
export async function setProductAssignments({ ctx, input: raw }: ServiceCall<Input<AssignmentInput>>): Promise<{ added: string[]; removed: string[] }> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "assignment.manage", { type: "user", id: claimedId(raw, "userId") });
    await enterRowSecurity(tx, actor);
    // Locked: of two admins changing one user's products at once, the second reads what the first wrote.
    const user = await findManagedUser(tx, null, claimedId(raw, "userId"), "product_assignment.change", { lock: true });
    const input = parseInput(assignmentSchema, raw);
    if (user.orgType !== "agency") throw new ValidationError([{ path: "userId", message: "validation.agencyStaffAssignment" }]);
    const current = (await tx.select({ code: productAssignments.productCode }).from(productAssignments).where(eq(productAssignments.userId, user.userId))).map((r) => r.code);
    const wanted = new Set<string>(input.productCodes);
    const added = input.productCodes.filter((c) => !current.includes(c)).sort();
    const removed = current.filter((c) => !wanted.has(c)).sort();
    if (added.length === 0 && removed.length === 0) return { added, removed };
    if (removed.length) await tx.delete(productAssignments).where(and(eq(productAssignments.userId, user.userId), inArray(productAssignments.productCode, removed)));
    if (added.length) await tx.insert(productAssignments).values(added.map((productCode) => ({ userId: user.userId, productCode })));
    await emit(tx, ctx, { action: "product_assignment.change", outcome: "allowed", target: { type: "user", id: user.userId, orgId: user.orgId }, details: { added, removed } });
    return { added, removed };
  });
}
