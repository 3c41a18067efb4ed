import { useLocale, useTranslations } from "next-intl";
import { formatDateTime } from "@/lib/i18n/format";
import type { Acknowledgement } from "@/lib/schemas/advisory";

/** Every acknowledgement a company gave, oldest first, each with its note as given (none is overwritten: migration 0039). */
export function AcknowledgementList({ acknowledgements }: { acknowledgements: readonly Acknowledgement[] }) {
  const t = useTranslations("advisories.acknowledgements");
  const locale = useLocale();
  return (
    <ol className="space-y-2" data-testid="acknowledgements">
      {acknowledgements.map((a) => (
        <li key={a.revision} data-testid="acknowledgement">
          <p>{t("entry", { revision: a.revision, at: formatDateTime(locale, a.at), name: a.by })}</p>
          {a.note !== null && <p className="whitespace-pre-line text-slate-700">{t("note", { note: a.note })}</p>}
        </li>
      ))}
    </ol>
  );
}
