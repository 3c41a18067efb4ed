import { useTranslations } from "next-intl";
import type { AdvisorySeverity, AdvisoryStatus } from "@/db/schema";

const severityTone: Record<AdvisorySeverity, string> = {
  info: "bg-slate-100 text-slate-900 border-slate-500",
  low: "bg-green-50 text-green-900 border-green-700",
  moderate: "bg-amber-50 text-amber-900 border-amber-700",
  high: "bg-orange-100 text-orange-950 border-orange-800",
  critical: "bg-red-800 text-white border-red-900",
};

/** An advisory's severity as a word; the colour only repeats it. */
export function SeverityBadge({ severity }: { severity: AdvisorySeverity }) {
  const t = useTranslations("advisories.severities");
  return (
    <span className={`inline-block rounded-full border px-2 py-0.5 text-sm font-semibold ${severityTone[severity]}`} data-testid="severity-badge">
      {t(severity)}
    </span>
  );
}

const statusTone: Record<AdvisoryStatus, string> = {
  draft: "bg-slate-100 text-slate-900 border-slate-500",
  pending_approval: "bg-amber-50 text-amber-900 border-amber-700",
  published: "bg-green-50 text-green-900 border-green-700",
  superseded: "bg-slate-100 text-slate-800 border-slate-500",
  withdrawn: "bg-slate-100 text-slate-800 border-slate-500",
};

export function AdvisoryStatusBadge({ status }: { status: AdvisoryStatus }) {
  const t = useTranslations("advisories.statuses");
  return (
    <span className={`inline-block rounded-full border px-2 py-0.5 text-sm font-medium ${statusTone[status]}`} data-testid="advisory-status">
      {t(status)}
    </span>
  );
}

/** A small marker beside an inbox entry (unread, revised, acknowledged…). */
export function Marker({ children, tone = "brand" }: { children: React.ReactNode; tone?: "brand" | "muted" }) {
  const style = tone === "brand" ? "bg-brand-700 text-white" : "bg-slate-100 text-slate-800 border border-slate-400";
  return <span className={`ml-2 inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${style}`}>{children}</span>;
}
