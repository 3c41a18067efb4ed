import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import type { FieldError } from "@/lib/services/errors";

interface Props {
  /** The card's heading. */
  title: string;
  /** The page itself: the filters are its address, so a filtered view can be bookmarked and shared. */
  action: string;
  /** The refused filters of a `loadFiltered` result, or undefined when they were taken. */
  errors: FieldError[] | undefined;
  /** The fields the form shows, each with its own error beside it; the notice lists every other error. */
  formFields: readonly string[];
  /** The notice's heading and what to do, in the page's own words. */
  refused: { heading: string; body: string };
  submitLabel: string;
  /** The link back to the page's unfiltered view. */
  resetLabel: string;
  /** Said above the fields and tied to the form (its accessible description). */
  hint?: { id: string; text: string };
  /** The fields. */
  children: React.ReactNode;
}

/**
 * A page's filter form, sent as GET to the page itself. When the filters were refused, a notice above the
 * fields says so and lists the errors of filters the form has no field for (an unknown filter, a page size
 * or a cursor from an edited address): the form's own fields show theirs beside them, so the reader is
 * never told to correct marks that are not there.
 */
export async function FilterCard({ title, action, errors, formFields, refused, submitLabel, resetLabel, hint, children }: Props) {
  const t = await getTranslations();
  const others = errors?.filter((e) => !formFields.includes(e.path)) ?? [];
  return (
    <Card title={title}>
      {errors && (
        <Notice kind="error" title={refused.heading}>
          <p>{refused.body}</p>
          {others.length > 0 && (
            <ul className="mt-2 list-inside list-disc">
              {others.map((e) => (
                <li key={`${e.path}:${e.message}`}>{t("errors.otherFieldError", { field: e.path, message: t(e.message as "validation.required") })}</li>
              ))}
            </ul>
          )}
        </Notice>
      )}
      <form method="get" action={action} noValidate aria-describedby={hint?.id}>
        {hint && (
          <p id={hint.id} className="mb-3 text-sm text-slate-700">
            {hint.text}
          </p>
        )}
        {children}
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit">{submitLabel}</Button>
          <Link href={action}>{resetLabel}</Link>
        </div>
      </form>
    </Card>
  );
}
