import type { AdvisorySeverity, AdvisoryStatus, TlpLabel } from "@/db/schema";

/**
 * An advisory as the export formats (CSAF, CAP, Atom) see it: the published revision (or, for agency
 * staff before publication, the draft) with its public history. Built by the get-advisory-document service.
 */
export interface AdvisoryDocument {
  id: string;
  reference: string;
  agency: { id: string; nameEn: string; nameJa: string };
  status: AdvisoryStatus;
  /** True while nothing has been published: the content is the working draft. */
  draft: boolean;
  revision: number;
  title: string;
  summary: string;
  body: string;
  severity: AdvisorySeverity;
  tlp: TlpLabel;
  /** Published revisions, oldest first. */
  history: { number: number; publishedAt: string; changeSummary: string | null }[];
  firstPublishedAt: string | null;
  lastPublishedAt: string | null;
  withdrawal: { at: string; reason: string } | null;
  supersedes: { id: string; reference: string; lastPublishedAt: string | null; revision: number | null } | null;
  supersededBy: { id: string; reference: string } | null;
  /** When the export was made (a draft's dates). */
  generatedAt: string;
  /** The advisory's page in the portal. */
  url: string;
}

/** An advisory as a company's Atom feed carries it (getAdvisoryFeed). */
export interface AdvisoryFeedEntry extends AdvisoryDocument {
  /** Its latest significant change — publication, withdrawal or supersession — by which the feed is ordered and cut. */
  updated: string;
}
