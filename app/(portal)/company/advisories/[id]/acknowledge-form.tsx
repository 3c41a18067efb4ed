"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { FailureNotice, useRefusal, type FormFailure } from "@/components/ui/form-failure";
import { shownPaths } from "@/components/ui/field-errors";
import { acknowledgeAdvisorySchema } from "@/lib/schemas/advisory";
import { acknowledgeAction } from "../actions";
import { useFailureText } from "@/lib/i18n/failure-text";

type Values = z.input<typeof acknowledgeAdvisorySchema>;

/** Acknowledges the revision shown (the newest delivered to the company when the page was made), with an optional note for the agency. */
export function AcknowledgeForm({ id, revision }: { id: string; revision: number }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<Values>({ resolver: zodResolver(acknowledgeAdvisorySchema), defaultValues: { note: "" }, mode: "onTouched" });
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("note"), summary: t("errors.checkFields") });

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      // The revision on the button: one delivered since is refused, to be read first.
      const result = await acknowledgeAction({ id, acknowledgement: { ...values, revision } });
      if (result.ok) {
        router.push(`/company/advisories/${id}?acknowledged=1`);
        router.refresh();
        return;
      }
      // Not the page again as it is now: an acknowledgement someone else made, or a withdrawal, would take
      // the form away, and the refusal saying so with it. Except for a revision delivered since the page was
      // made, which the refusal asks to read first: the page is made again to show it, and the form stays
      // (for the new revision), with the refusal.
      setFailure(refusal(result));
      if (result.message === "serviceErrors.advisoryRevisionChanged") router.refresh();
    }),
  );

  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("advisories.acknowledge.failed")} failure={failure} />
      <p className="mb-3 text-slate-700">{t("advisories.acknowledge.intro")}</p>
      <TextAreaField label={t("advisories.acknowledge.note")} rows={3} error={errors.note?.message ? failureText(errors.note.message) : undefined} {...register("note")} />
      <Button type="submit" disabled={pending}>
        {pending ? t("advisories.acknowledge.submitting") : t("advisories.acknowledge.submit", { revision })}
      </Button>
    </ClientForm>
  );
}
