"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { acknowledgeAdvisorySchema } from "@/lib/schemas/advisory";
import { acknowledgeAction } from "../actions";
import { useFailureText, type MessageValues } from "@/lib/i18n/failure-text";

type Values = z.input<typeof acknowledgeAdvisorySchema>;

/** Acknowledges the revision shown (the newest delivered to the company when the page was made), with an optional note for the agency. */
export function AcknowledgeForm({ id, revision }: { id: string; revision: number }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<{ message: string; params?: MessageValues; requestId?: string } | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<Values>({ resolver: zodResolver(acknowledgeAdvisorySchema), defaultValues: { note: "" }, mode: "onTouched" });

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
      setFailure({ message: result.message, params: result.params, requestId: result.requestId });
      // The page again as it is now: a newer revision, or the acknowledgement someone else made.
      router.refresh();
    }),
  );

  return (
    <ClientForm onSubmit={onSubmit}>
      {failure && (
        <Notice kind="error" title={t("advisories.acknowledge.failed")}>
          {failureText(failure.message, failure.params)}
          {failure.requestId && <span className="block text-sm">{t("errors.reference", { requestId: failure.requestId })}</span>}
        </Notice>
      )}
      <p className="mb-3 text-slate-700">{t("advisories.acknowledge.intro")}</p>
      <TextAreaField label={t("advisories.acknowledge.note")} rows={3} error={errors.note?.message ? t(errors.note.message as "validation.required") : undefined} {...register("note")} />
      <Button type="submit" disabled={pending}>
        {pending ? t("advisories.acknowledge.submitting") : t("advisories.acknowledge.submit", { revision })}
      </Button>
    </ClientForm>
  );
}
