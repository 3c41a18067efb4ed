import { can, requireActor } from "@/lib/authz/policy";
import { emitDurably } from "@/lib/audit/emit";
import type { Disclosure, DisclosureVersion } from "@/lib/schemas/disclosure";
import type { Actor, RequestContext, ServiceCall } from "./context";
import { NotFoundError } from "./errors";
import { type DisclosureRow, findVersion, findVisible, findVisibleView, isCompanyRole, requireDisclosurePermission } from "./internal/disclosures";
import { withRowSecurity } from "./internal/row-security";
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
 * Every read of a disclosure's content is recorded (SPEC §5), durable before the caller may answer: a
 * government read with its purpose, for the company's access log; the company's own users' reads too (not
 * in its access log, which lists outsiders; for the auditors, and counted by the unusual-volume rule — a
 * user or token reading out everything the company disclosed). A read changes nothing, so its event joins
 * the group commit rather than holding the read's own transaction open for a commit.
 */
export async function recordRead(ctx: RequestContext, actor: Actor, row: DisclosureRow, version: number | null) {
  await emitDurably(ctx, {
    action: "disclosure.read",
    outcome: "allowed",
    purpose: isCompanyRole(actor) ? undefined : REVIEW_PURPOSE,
    target: { type: "disclosure", id: row.id, orgId: row.organisationId },
    details: { version },
  });
}

/** One disclosure: the company's own, or one within the reviewer's assignment (an audited read either way). */
export async function getDisclosure({ ctx, input }: ServiceCall<{ id: string }>): Promise<Disclosure> {
  const { row, view } = await withReadBatch(ctx, async (tx) => {
    const actor = requireDisclosureReader(ctx, input.id);
    return withRowSecurity(tx, actor, () => findVisibleView(tx, actor, input.id, "disclosure.read"));
  });
  await recordRead(ctx, ctx.actor!, row, row.latestVersion || null);
  return view;
}

/** One submitted version with its items, for the same readers (an audited read). */
export async function getDisclosureVersion({ ctx, input }: ServiceCall<{ id: string; number: number }>): Promise<DisclosureVersion> {
  const { row, version } = await withTx(ctx, async (tx) => {
    const actor = requireDisclosureReader(ctx, input.id);
    const row = await withRowSecurity(tx, actor, () => findVisible(tx, actor, input.id, "disclosure.read"));
    const version = Number.isSafeInteger(input.number) ? await findVersion(tx, row.id, input.number) : null;
    if (!version) throw new NotFoundError(serviceMessage("noVersion"));
    return { row, version };
  });
  await recordRead(ctx, ctx.actor!, row, version.number);
  return {
    disclosureId: row.id,
    number: version.number,
    notes: version.notes,
    submittedAt: version.submittedAt.toISOString(),
    items: version.items,
  };
}
