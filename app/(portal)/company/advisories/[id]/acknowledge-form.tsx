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
import { acknowledgeAdvisorySchema } from "@/lib/schemas/advisory";
import { acknowledgeAction } from "../actions";

type Values = z.input<typeof acknowledgeAdvisorySchema>;

/** Acknowledges the newest revision delivered to the company, with an optional note for the agency. */
export function AcknowledgeForm({ id, revision }: { id: string; revision: number }) {
  const t = useTranslations();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<{ message: string; requestId?: string } | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<Values>({ resolver: zodResolver(acknowledgeAdvisorySchema), defaultValues: { note: "" }, mode: "onTouched" });

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await acknowledgeAction({ id, acknowledgement: values });
      if (result.ok) {
        router.push(`/company/advisories/${id}?acknowledged=1`);
        router.refresh();
        return;
      }
      setFailure({ message: result.message, requestId: result.requestId });
    }),
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      {failure && (
        <Notice kind="error" title={t("advisories.acknowledge.failed")}>
          {failure.message.startsWith("advisories.") ? t(failure.message as "errors.generic") : t("errors.generic")}
          {failure.requestId && <span className="block text-sm">{t("errors.reference", { requestId: failure.requestId })}</span>}
        </Notice>
      )}
      <p className="mb-3 text-slate-700">{t("advisories.acknowledge.intro")}</p>
      <TextAreaField label={t("advisories.acknowledge.note")} rows={3} error={errors.note?.message ? t(errors.note.message as "validation.required") : undefined} {...register("note")} />
      <Button type="submit" disabled={pending}>
        {pending ? t("advisories.acknowledge.submitting") : t("advisories.acknowledge.submit", { revision })}
      </Button>
    </form>
  );
}
