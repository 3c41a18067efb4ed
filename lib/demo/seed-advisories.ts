import { eq, inArray, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "@/db/client";
import {
  advisories,
  advisoryAcknowledgements,
  advisoryDeliveries,
  advisoryRevisions,
  memberships,
  organisations,
  users,
  type AdvisorySeverity,
  type AdvisoryStatus,
  type AdvisoryTargets,
  type TlpLabel,
} from "@/db/schema";
import { advisoryEmail } from "@/lib/advisories/emails";
import { enqueueEmails } from "@/lib/notifications/outbox";
import { demoOrgIds } from "./demo-ids";

// The demo world's advisories (so the demo shows the whole flow): one published and delivered to the three
// magnet companies (Kawasemi has read and acknowledged it), one public TLP:CLEAR one, one awaiting the
// approver, and one draft. Written directly, like the seeded disclosures, with fixed ids.

export const demoAdvisoryIds = {
  rareEarths: "00000000-0000-4000-a000-000000000c01",
  batteryGuidance: "00000000-0000-4000-a000-000000000c02",
  gallium: "00000000-0000-4000-a000-000000000c03",
  betaLactam: "00000000-0000-4000-a000-000000000c04",
} as const;

type DemoAdvisory = {
  id: string;
  status: AdvisoryStatus;
  author: string;
  approver?: string;
  title: string;
  summary: string;
  body: string;
  severity: AdvisorySeverity;
  tlp: TlpLabel;
  targets: AdvisoryTargets;
  /** Delivered companies that have read it, and acknowledged it (with a note). */
  read?: { orgId: string; by: string; note?: string }[];
};

const none = { products: [], countries: [], organisations: [] };

export function demoAdvisories(people: { reviewer: string; reviewer2: string; approver: string; kawasemiOfficer: string }): DemoAdvisory[] {
  return [
    {
      id: demoAdvisoryIds.rareEarths,
      status: "published",
      author: people.reviewer,
      approver: people.approver,
      title: "Heavy rare earths: export licences delayed",
      summary: "Export licences for dysprosium and terbium compounds are taking 45 days or more. Magnet makers and users should check their buffer stocks now.",
      body: [
        "## What we know",
        "",
        "- Licence decisions for dysprosium and terbium oxides and metals are taking **45 days or more**, against about 20 days last quarter.",
        "- Shipments already licensed are clearing customs normally.",
        "",
        "## What we ask of you",
        "",
        "1. Check the days of stock you hold of heavy rare earths and of magnets containing them.",
        "2. If that is under 60 days, tell us through your next disclosure and consider the stockpiling support scheme.",
        "3. Acknowledge this advisory once you have reviewed your position.",
        "",
        "Contact the Economic Security Bureau's supply-chain desk with any question.",
      ].join("\n"),
      severity: "high",
      tlp: "AMBER",
      targets: { products: ["permanent_magnets", "crm_rare_earths_magnets"], countries: [], organisations: [] },
      read: [{ orgId: demoOrgIds.kawasemi, by: people.kawasemiOfficer, note: "Buffer is 25 days; we are applying to the stockpiling scheme." }],
    },
    {
      id: demoAdvisoryIds.batteryGuidance,
      status: "published",
      author: people.reviewer2,
      approver: people.approver,
      title: "Battery supply chains: self-assessment guidance",
      summary: "Public guidance on assessing single-source risk in battery materials, with a checklist.",
      body: "## Checklist\n\n- Map each battery material to its refining country.\n- Count qualified alternative suppliers.\n- Record inventory days per material.\n\nThis guidance may be shared freely.",
      severity: "info",
      tlp: "CLEAR",
      targets: { products: ["storage_batteries"], countries: [], organisations: [] },
    },
    {
      id: demoAdvisoryIds.gallium,
      status: "pending_approval",
      author: people.reviewer,
      title: "Gallium from China: qualify a second source",
      summary: "Companies sourcing gallium from China should qualify a second source within six months.",
      body: "## Background\n\nExport licensing of gallium has been in place since 2023 and approval times vary.\n\n## Advice\n\nQualify at least one supplier outside China within six months.",
      severity: "moderate",
      tlp: "AMBER+STRICT",
      targets: { products: ["crm_gallium"], countries: ["CN"], organisations: [] },
    },
    {
      id: demoAdvisoryIds.betaLactam,
      status: "draft",
      author: people.reviewer2,
      title: "Beta-lactam intermediates: plant outage",
      summary: "A 6-APA plant outage may tighten supply of beta-lactam antibiotics in the coming quarter.",
      body: "Draft: figures to be confirmed with the health ministry.",
      severity: "moderate",
      tlp: "GREEN",
      targets: { ...none, products: ["antimicrobials"] },
    },
  ];
}

/** Inserts the demo advisories that are missing, with their deliveries and the notifications they sent. */
export async function seedDemoAdvisories(tx: Tx, people: Parameters<typeof demoAdvisories>[0]): Promise<void> {
  const publishedAt = new Date(Date.now() - 3 * 24 * 3600 * 1000);
  for (const a of demoAdvisories(people)) {
    const [exists] = await tx.select({ id: advisories.id }).from(advisories).where(eq(advisories.id, a.id));
    if (exists) continue;
    const [seq] = rowsOf<{ n: string }>(await tx.execute(sql`select nextval('advisory_reference_seq')::text as n`));
    const reference = `KH-ADV-${publishedAt.getUTCFullYear()}-${seq!.n.padStart(4, "0")}`;
    const published = a.status === "published";
    await tx.insert(advisories).values({
      id: a.id,
      agencyId: demoOrgIds.esb,
      reference,
      status: a.status,
      publishedRevision: published ? 1 : null,
      createdBy: a.author,
      createdAt: publishedAt,
      updatedAt: publishedAt,
      firstPublishedAt: published ? publishedAt : null,
      lastPublishedAt: published ? publishedAt : null,
    });
    await tx.insert(advisoryRevisions).values({
      advisoryId: a.id,
      number: 1,
      state: a.status === "published" ? "published" : a.status === "pending_approval" ? "pending_approval" : "draft",
      title: a.title,
      summary: a.summary,
      body: a.body,
      severity: a.severity,
      tlp: a.tlp,
      targets: a.targets,
      authorId: a.author,
      editors: [a.author],
      createdAt: publishedAt,
      updatedAt: publishedAt,
      approvalRequestedAt: a.status === "draft" ? null : publishedAt,
      approvalRequestedBy: a.status === "draft" ? null : a.author,
      approvedBy: published ? (a.approver ?? null) : null,
      publishedAt: published ? publishedAt : null,
    });
    if (!published) continue;
    const companies = await tx
      .selectDistinct({ id: organisations.id })
      .from(organisations)
      .innerJoin(sql`organisation_products op`, sql`op.organisation_id = ${organisations.id}`)
      .where(sql`${organisations.type} = 'company' and op.product_code = any(array(select jsonb_array_elements_text(${JSON.stringify(a.targets.products)}::jsonb)))`);
    const ids = companies.map((c) => c.id);
    const delivered = await tx
      .insert(advisoryDeliveries)
      .values(
        ids.map((orgId) => {
          const read = a.read?.find((r) => r.orgId === orgId);
          return {
            advisoryId: a.id,
            organisationId: orgId,
            deliveredAt: publishedAt,
            deliveredRevision: 1,
            currentRevision: 1,
            ...(read
              ? { firstReadAt: new Date(publishedAt.getTime() + 3600_000), firstReadBy: read.by, readRevision: 1, acknowledgedAt: new Date(publishedAt.getTime() + 7200_000), acknowledgedBy: read.by, acknowledgedRevision: 1, acknowledgementNote: read.note ?? null }
              : {}),
          };
        }),
      )
      .returning();
    // Each acknowledgement is kept in its own right too (migration 0039).
    const acknowledged = delivered.filter((d) => d.acknowledgedRevision !== null);
    if (acknowledged.length) {
      await tx.insert(advisoryAcknowledgements).values(
        acknowledged.map((d) => ({
          deliveryId: d.id,
          advisoryId: d.advisoryId,
          organisationId: d.organisationId,
          revision: d.acknowledgedRevision!,
          acknowledgedAt: d.acknowledgedAt!,
          acknowledgedBy: d.acknowledgedBy!,
          note: d.acknowledgementNote,
        })),
      );
    }
    const recipients = await tx
      .select({ email: users.email, en: organisations.nameEn, ja: organisations.nameJa })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(inArray(memberships.organisationId, ids));
    const facts = { advisoryId: a.id, reference, revision: 1, title: a.title, summary: a.summary, severity: a.severity, tlp: a.tlp };
    await enqueueEmails(tx, recipients.map((r) => advisoryEmail("advisory.published", facts, { email: r.email, company: { en: r.en, ja: r.ja } })));
  }
}
