import { getTranslations } from "next-intl/server";
import { Notice } from "@/components/ui/notice";
import type { FieldError } from "@/lib/services/errors";

/**
 * The notice above a console form whose filters were refused: what to do, and the errors of fields the
 * form has no place for (an unknown field, a cursor); the form shows the others beside their fields.
 * The texts are the page's own (`invalidHeading`, `invalidBody`, `otherError` of its namespace).
 */
export async function RefusedFilters({
  namespace,
  errors,
  formFields,
}: {
  namespace: "auditLog" | "anomalies" | "accessReport";
  errors: FieldError[] | undefined;
  formFields: readonly string[];
}) {
  if (!errors) return null;
  const [t, tAll] = await Promise.all([getTranslations(namespace), getTranslations()]);
  const others = errors.filter((e) => !formFields.includes(e.path));
  return (
    <Notice kind="error" title={t("invalidHeading")}>
      <p>{t("invalidBody")}</p>
      {others.length > 0 && (
        <ul className="mt-2 list-inside list-disc">
          {others.map((e) => (
            <li key={`${e.path}:${e.message}`}>{t("otherError", { field: e.path, message: tAll(e.message as "validation.required") })}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
