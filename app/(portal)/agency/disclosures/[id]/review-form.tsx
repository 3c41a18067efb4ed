"use client";

import { useRouter } from "next/navigation";
import { useWatch } from "react-hook-form";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { reviewDecisions } from "@/db/schema";
import { messageKeyOf } from "@/lib/disclosures/draft-form";
import { reviewInputSchema } from "@/lib/schemas/disclosure";
import { reviewDisclosureAction } from "../actions";

type FormValues = z.input<typeof reviewInputSchema>;

const defaultValues: FormValues = { decision: "comment", comment: "" };

/** A review of the latest version: a decision and a comment (required unless accepting). */
export function ReviewForm({ id, version }: { id: string; version: number }) {
  const t = useTranslations();
  const router = useRouter();
  const { form, pending, failure, onSubmit } = useActionForm({
    schema: reviewInputSchema,
    defaultValues,
    mode: "onTouched",
    fieldFor: shownPaths("decision", "comment"),
    // The version on the form: one submitted since is refused, to be read first.
    action: (values) => reviewDisclosureAction({ id, review: { ...values, version } }),
    onDone: ({ values }) => router.push(`/agency/disclosures/${id}?reviewed=${values.decision}`),
    refused: (result, take) => {
      const said = take(result);
      // The page again as it is now: a newer version, or a decision someone else made.
      router.refresh();
      return said;
    },
  });
  const { register, control } = form;
  const { errors } = form.formState;
  const shown = shownFields(register, defaultValues);
  const decision = useWatch({ control, name: "decision" });
  const message = (text?: string) => (text ? t(messageKeyOf(text) ?? "errors.generic") : undefined);

  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("disclosures.review.failed")} failure={failure} />
      <fieldset className="mb-4" aria-describedby={errors.decision ? "decision-error" : undefined}>
        <legend className="mb-1 font-medium text-slate-900">{t("disclosures.review.decision", { number: version })}</legend>
        {reviewDecisions.map((d) => (
          <label key={d} className="flex items-center gap-2 py-1">
            <input type="radio" className="h-4 w-4" {...shown.choice("decision", d)} />
            {t(`disclosures.decisions.${d}`)}
          </label>
        ))}
        {errors.decision && (
          <p id="decision-error" className="mt-1 text-sm font-medium text-red-800">
            {message(errors.decision.message)}
          </p>
        )}
      </fieldset>
      <TextAreaField
        label={decision === "accept" ? t("disclosures.review.commentOptional") : t("disclosures.review.comment")}
        hint={t("disclosures.review.commentHint")}
        rows={5}
        error={message(errors.comment?.message)}
        {...shown.value("comment")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("disclosures.review.submitting") : t("disclosures.review.submit")}
      </Button>
    </ClientForm>
  );
}
