import { useLocale, useTranslations } from "next-intl";
import type { AdvisoryReach } from "@/lib/schemas/advisory";

/**
 * Which companies an advisory's targets reach, as agency staff may be told (previewAdvisoryReach): the
 * count, the companies by name, and what is only counted or not even that. In the editor, live (`loading`
 * while the targets just chosen are asked about); on an advisory awaiting approval, for its approver.
 */
export function ReachSummary({ reach, loading = false, hint, namedSome = false }: { reach: AdvisoryReach | null; loading?: boolean; hint: string; namedSome?: boolean }) {
  const t = useTranslations("advisories.form");
  const locale = useLocale();
  return (
    <section aria-labelledby="reach-heading" className="mb-6 rounded border border-brand-700 bg-brand-50 p-4" data-testid="reach-preview">
      <h2 id="reach-heading" className="font-semibold">
        {t("reachHeading")}
      </h2>
      <p className="mb-2 text-sm text-slate-700">{hint}</p>
      <p aria-live="polite" className="font-medium" data-testid="reach-count">
        {loading ? t("reachLoading") : reach ? t("reachCount", { count: reach.count }) : t("reachNone")}
      </p>
      {reach && reach.companies.length > 0 && (
        <ul className="mt-2 list-inside list-disc" aria-label={t("reachCaption")}>
          {reach.companies.map((c) => (
            <li key={c.id}>{locale === "ja" ? c.name.ja : c.name.en}</li>
          ))}
        </ul>
      )}
      {reach && reach.unnamed !== null && reach.unnamed > 0 && (
        <p className="mt-2 text-sm text-slate-700" data-testid="reach-unnamed">
          {t("reachUnnamed", { count: reach.unnamed })}
          {namedSome && ` ${t("reachUnnamedMayOverlap")}`}
        </p>
      )}
      {reach && reach.unnamed === null && (
        <p className="mt-2 text-sm text-slate-700" data-testid="reach-uncounted">
          {t("reachUncounted")}
        </p>
      )}
    </section>
  );
}
