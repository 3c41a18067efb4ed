import { useTranslations } from "next-intl";
import type { DisclosureStatus } from "@/db/schema";

const tone: Record<DisclosureStatus, string> = {
  draft: "bg-slate-100 text-slate-900 border-slate-500",
  submitted: "bg-brand-50 text-brand-800 border-brand-700",
  under_review: "bg-brand-50 text-brand-800 border-brand-700",
  changes_requested: "bg-amber-50 text-amber-900 border-amber-700",
  accepted: "bg-green-50 text-green-900 border-green-700",
  withdrawn: "bg-slate-100 text-slate-800 border-slate-500",
};

/** A disclosure's status as words; the colour only repeats them. */
export function StatusBadge({ status }: { status: DisclosureStatus }) {
  const t = useTranslations("disclosures.statuses");
  return (
    <span className={`inline-block rounded-full border px-2 py-0.5 text-sm font-medium ${tone[status]}`} data-testid="disclosure-status">
      {t(status)}
    </span>
  );
}
