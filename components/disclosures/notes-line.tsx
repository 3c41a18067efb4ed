import { useTranslations } from "next-intl";

/** A disclosure's notes after their label, or that there are none. */
export function NotesLine({ notes, className = "mt-3" }: { notes: string | null; className?: string }) {
  const t = useTranslations("disclosures.detail");
  return <p className={className}>{t.rich("notesLine", { notes: notes || t("noNotes"), label: (chunks) => <span className="font-medium">{chunks}</span> })}</p>;
}
