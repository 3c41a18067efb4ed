"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice, useRefusal, type FormFailure } from "@/components/ui/form-failure";
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
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    control,
    formState: { errors },
  } = useForm<FormValues, unknown, z.output<typeof reviewInputSchema>>({
    resolver: zodResolver(reviewInputSchema),
    defaultValues,
    mode: "onTouched",
  });
  const shown = shownFields(register, defaultValues);
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("decision", "comment") });
  const decision = useWatch({ control, name: "decision" });
  const message = (text?: string) => (text ? t(messageKeyOf(text) ?? "errors.generic") : undefined);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      // The version on the form: one submitted since is refused, to be read first.
      const result = await reviewDisclosureAction({ id, review: { ...values, version } });
      if (result.ok) {
        router.push(`/agency/disclosures/${id}?reviewed=${values.decision}`);
        return;
      }
      setFailure(refusal(result));
      // The page again as it is now: a newer version, or a decision someone else made.
      router.refresh();
    }),
  );

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
