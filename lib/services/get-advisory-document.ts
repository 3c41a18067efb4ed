import { and, asc, eq } from "drizzle-orm";
import { advisories, advisoryRevisions, organisations } from "@/db/schema";
import type { AdvisoryDocument } from "@/lib/advisories/document";
import { appUrl } from "@/lib/advisories/emails";
import { can } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { isLimitedDisclosure } from "@/lib/advisories/tlp";
import type { Executor } from "@/db/client";
import type { Actor, ServiceCall } from "./context";
import { requireAdvisoryReader } from "./get-advisory";
import { companyVisible, findAgencyAdvisory, findCompanyAdvisory, findDelivery, findRevision, iso, isWithdrawnForCompany, revisionSummaryOpenTo } from "./internal/advisories";
import { enterRowSecurity } from "./internal/row-security";
import { withTx } from "./transaction";
import type { AdvisoryRow } from "@/db/schema";

/** The advisory as the export formats see it (see AdvisoryDocument), for a given reader. */
export async function documentOf(tx: Executor, actor: Actor, row: AdvisoryRow): Promise<AdvisoryDocument> {
  const draft = row.publishedRevision === null;
  const redacted = isWithdrawnForCompany(actor, row);
  const revision = await findRevision(tx, row.id, row.publishedRevision ?? row.currentRevision);
  const [agency] = await tx.select({ id: organisations.id, nameEn: organisations.nameEn, nameJa: organisations.nameJa }).from(organisations).where(eq(organisations.id, row.agencyId));
  const own = can(actor.role, "advisory.draft") ? null : await findDelivery(tx, row.id, actor.orgId);
  const history = await tx
    .select({ number: advisoryRevisions.number, publishedAt: advisoryRevisions.publishedAt, changeSummary: advisoryRevisions.changeSummary, tlp: advisoryRevisions.tlp })
    .from(advisoryRevisions)
    .where(and(eq(advisoryRevisions.advisoryId, row.id), eq(advisoryRevisions.state, "published")))
    .orderBy(asc(advisoryRevisions.number));
  // A linked advisory (superseded, or superseding) is named to a company only if it may read it too.
  const linked = async (id: string | null) => {
    if (!id) return null;
    const [a] = await tx
      .select({ id: advisories.id, reference: advisories.reference, lastPublishedAt: advisories.lastPublishedAt, revision: advisories.publishedRevision })
      .from(advisories)
      .where(and(eq(advisories.id, id), can(actor.role, "advisory.draft") ? undefined : companyVisible(actor.orgId)));
    return a ? { id: a.id, reference: a.reference, lastPublishedAt: iso(a.lastPublishedAt), revision: a.revision } : null;
  };
  const superseding = await linked(row.supersededById);
  const path = can(actor.role, "advisory.draft") ? "agency" : "company";
  return {
    id: row.id,
    reference: row.reference,
    agency: agency!,
    status: row.status,
    draft,
    revision: revision.number,
    title: revision.title,
    // A company's export of a withdrawn advisory carries the withdrawal, not the text (as its page).
    summary: redacted ? "" : revision.summary,
    body: redacted ? "" : revision.body,
    severity: revision.severity,
    tlp: revision.tlp,
    history: history.map((h) => ({ number: h.number, publishedAt: iso(h.publishedAt)!, changeSummary: redacted || !revisionSummaryOpenTo(actor, own, h) ? null : h.changeSummary })),
    firstPublishedAt: iso(row.firstPublishedAt),
    lastPublishedAt: iso(row.lastPublishedAt),
    withdrawal: row.withdrawnAt && row.withdrawalReason && !draft ? { at: iso(row.withdrawnAt)!, reason: row.withdrawalReason } : null,
    supersedes: await linked(row.supersedesId),
    supersededBy: superseding ? { id: superseding.id, reference: superseding.reference } : null,
    generatedAt: new Date().toISOString(),
    url: `${appUrl()}/${path}/advisories/${row.id}`,
  };
}

/**
 * One advisory for export (CSAF, CAP): its published revision and history, or for the agency's staff an
 * unpublished draft. Companies export only what they may read. An export under limited disclosure (TLP
 * AMBER, AMBER+STRICT, RED) is recorded, as every read of confidential content is.
 */
export async function getAdvisoryDocument({ ctx, input }: ServiceCall<{ id: string; format: "csaf" | "cap" }>): Promise<AdvisoryDocument> {
  return withTx(ctx, async (tx) => {
    const actor = requireAdvisoryReader(ctx, input.id);
    await enterRowSecurity(tx, actor); // the advisory tables' second wall (migration 0036)
    const attempted = `advisory.export_${input.format}`;
    const row = can(actor.role, "advisory.draft") ? await findAgencyAdvisory(tx, actor, input.id, attempted) : await findCompanyAdvisory(tx, actor, input.id, attempted);
    const document = await documentOf(tx, actor, row);
    if (isLimitedDisclosure(document.tlp)) {
      await emit(tx, ctx, {
        action: "advisory.export",
        outcome: "allowed",
        target: { type: "advisory", id: row.id, orgId: row.agencyId },
        details: { format: input.format, revision: document.revision, tlp: document.tlp },
      });
    }
    return document;
  });
}
