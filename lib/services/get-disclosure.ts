import { can, requireActor } from "@/lib/authz/policy";
import { emitDurably } from "@/lib/audit/emit";
import type { Disclosure, DisclosureVersion } from "@/lib/schemas/disclosure";
import type { Actor, RequestContext, ServiceCall } from "./context";
import { NotFoundError } from "./errors";
import { type DisclosureRow, findVersion, findVisible, findVisibleView, isCompanyRole, requireDisclosurePermission, withRowSecurity } from "./internal/disclosures";
import { withReadBatch, withTx } from "./transaction";
import { serviceMessage } from "./messages";

export const REVIEW_PURPOSE = "disclosure review";

/** Company roles read their own disclosures; agency staff review; anyone else learns nothing (404). */
export function requireDisclosureReader(ctx: RequestContext, id: string): Actor {
  const actor = requireActor(ctx);
  if (can(actor.role, "disclosure.read_own") || can(actor.role, "disclosure.review")) return actor;
  return requireDisclosurePermission(ctx, "disclosure.read_own", id, { hidden: true });
}

/**
 * A government read of company data is recorded with its purpose, for the company's access log, and is
 * durable before the caller may answer. A read changes nothing, so its event joins the group commit
 * rather than holding the read's own transaction open for a commit.
 */
export async function recordGovernmentRead(ctx: RequestContext, actor: Actor, row: DisclosureRow, version: number | null) {
  if (isCompanyRole(actor)) return;
  await emitDurably(ctx, {
    action: "disclosure.read",
    outcome: "allowed",
    purpose: REVIEW_PURPOSE,
    target: { type: "disclosure", id: row.id, orgId: row.organisationId },
    details: { version },
  });
}

/** One disclosure: the company's own, or one within the reviewer's assignment (an audited read). */
export async function getDisclosure({ ctx, input }: ServiceCall<{ id: string }>): Promise<Disclosure> {
  const { row, view } = await withReadBatch(ctx, async (tx) => {
    const actor = requireDisclosureReader(ctx, input.id);
    return withRowSecurity(tx, actor, () => findVisibleView(tx, actor, input.id, "disclosure.read"));
  });
  await recordGovernmentRead(ctx, ctx.actor!, row, row.latestVersion || null);
  return view;
}

/** One submitted version with its items, for the same readers (an audited read for agency staff). */
export async function getDisclosureVersion({ ctx, input }: ServiceCall<{ id: string; number: number }>): Promise<DisclosureVersion> {
  const { row, version } = await withTx(ctx, async (tx) => {
    const actor = requireDisclosureReader(ctx, input.id);
    const row = await withRowSecurity(tx, actor, () => findVisible(tx, actor, input.id, "disclosure.read"));
    const version = Number.isSafeInteger(input.number) ? await findVersion(tx, row.id, input.number) : null;
    if (!version) throw new NotFoundError(serviceMessage("noVersion"));
    return { row, version };
  });
  await recordGovernmentRead(ctx, ctx.actor!, row, version.number);
  return {
    disclosureId: row.id,
    number: version.number,
    notes: version.notes,
    submittedAt: version.submittedAt.toISOString(),
    items: version.items,
  };
}
