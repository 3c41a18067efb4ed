import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { Disclosure } from "@/lib/schemas/disclosure";
import { formatDateTime } from "@/lib/i18n/format";

/** The submitted versions with links to each, and a form to compare two of them. */
export function VersionsList({ versions, basePath }: { versions: Disclosure["versions"]; basePath: string }) {
  const t = useTranslations("disclosures");
  const locale = useLocale();
  if (versions.length === 0) return <p>{t("detail.noVersions")}</p>;
  const options = versions.map((v) => (
    <option key={v.number} value={v.number}>
      {t("detail.versionLink", { number: v.number })}
    </option>
  ));
  const latest = versions.at(-1)!.number;
  return (
    <>
      <ul className="mb-4 space-y-1" data-testid="versions">
        {versions.map((v) => (
          <li key={v.number}>
            <Link href={`${basePath}/versions/${v.number}`}>{t("detail.versionLink", { number: v.number })}</Link>{" "}
            <span className="text-sm text-slate-700">
              {t("detail.submittedAt", { date: formatDateTime(locale, v.submittedAt) })}
            </span>
          </li>
        ))}
      </ul>
      {versions.length > 1 && (
        <form method="get" action={`${basePath}/compare`} className="flex flex-wrap items-end gap-4">
          <fieldset className="flex flex-wrap items-end gap-4">
            <legend className="mb-1 font-medium text-slate-900">{t("detail.compareHeading")}</legend>
            <label className="flex flex-col text-sm">
              {t("detail.compareFrom")}
              <select name="from" defaultValue={latest - 1} className="mt-1 rounded border border-slate-500 bg-white px-2 py-1">
                {options}
              </select>
            </label>
            <label className="flex flex-col text-sm">
              {t("detail.compareTo")}
              <select name="to" defaultValue={latest} className="mt-1 rounded border border-slate-500 bg-white px-2 py-1">
                {options}
              </select>
            </label>
          </fieldset>
          <button type="submit" className="rounded border border-brand-700 px-3 py-1 font-medium text-brand-800 hover:bg-brand-50">
            {t("detail.compare")}
          </button>
        </form>
      )}
    </>
  );
}
