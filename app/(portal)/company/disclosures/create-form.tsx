"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice, useRefusal, type FormFailure } from "@/components/ui/form-failure";
import { messageKeyOf } from "@/lib/disclosures/draft-form";
import { createDisclosureSchema } from "@/lib/schemas/disclosure";
import { createDisclosureAction } from "./actions";

type FormValues = z.input<typeof createDisclosureSchema>;
type Failure = { kind: "exists"; period: string; id: string | null } | ({ kind: "error" } & FormFailure);

/** Starts the draft of a reporting period; one per period, so an existing one is named and linked. */
export function CreateDisclosureForm({ suggestedPeriod }: { suggestedPeriod: string }) {
  const t = useTranslations();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);
  const defaultValues: FormValues = { reportingPeriod: suggestedPeriod };
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<FormValues, unknown, z.output<typeof createDisclosureSchema>>({
    resolver: zodResolver(createDisclosureSchema),
    defaultValues,
    mode: "onTouched",
  });
  const shown = shownFields(register, defaultValues);
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("reportingPeriod") });
  const message = (text?: string) => (text ? t(messageKeyOf(text) ?? "errors.generic") : undefined);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await createDisclosureAction({ reportingPeriod: values.reportingPeriod });
      if (result.ok) {
        router.push(`/company/disclosures/${result.data.id}`);
        return;
      }
      if (result.code === "exists") {
        const id = (result.current as { id: string | null } | undefined)?.id ?? null;
        setFailure({ kind: "exists", period: values.reportingPeriod, id });
        return;
      }
      const refused = refusal(result);
      setFailure(refused && { kind: "error", ...refused });
    }),
  );

  return (
    <ClientForm onSubmit={onSubmit}>
      {failure?.kind === "exists" && (
        <Notice kind="error" title={t("disclosures.create.failed")}>
          <p>{t("disclosures.create.exists", { period: failure.period })}</p>
          {failure.id && (
            <p className="mt-1">
              <Link href={`/company/disclosures/${failure.id}`}>{t("disclosures.list.open", { period: failure.period })}</Link>
            </p>
          )}
        </Notice>
      )}
      <FailureNotice title={t("disclosures.create.failed")} failure={failure?.kind === "error" ? failure : null} />
      <Field
        label={t("disclosures.create.period")}
        hint={t("disclosures.create.periodHint")}
        autoComplete="off"
        spellCheck={false}
        error={message(errors.reportingPeriod?.message)}
        {...shown.value("reportingPeriod")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("disclosures.create.submitting") : t("disclosures.create.submit")}
      </Button>
    </ClientForm>
  );
}
