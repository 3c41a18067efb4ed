"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import "@/lib/schemas/jitless";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SuccessRegion } from "@/components/ui/notice";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice, useRefusal, type FormFailure } from "@/components/ui/form-failure";
import { apiTokenCreateSchema } from "@/lib/schemas/api-token";
import { createTokenAction } from "./actions";
import { useFailureText } from "@/lib/i18n/failure-text";

type FormValues = z.input<typeof apiTokenCreateSchema>;

const defaultValues: FormValues = { name: "", expiresInDays: 90 };

export function CreateTokenForm() {
  const t = useTranslations();
  const failureText = useFailureText();
  const [pending, startTransition] = useTransition();
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<FormValues, unknown, z.output<typeof apiTokenCreateSchema>>({
    resolver: zodResolver(apiTokenCreateSchema),
    defaultValues,
  });
  const shown = shownFields(register, defaultValues);
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("name", "expiresInDays") });
  const message = (key?: string) => (key ? failureText(key) : undefined);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      setCreated(null);
      const result = await createTokenAction(values);
      if (result.ok) {
        setCreated(result.data);
        reset();
        return;
      }
      setFailure(refusal(result));
    }),
  );

  return (
    <>
      <SuccessRegion title={t("tokens.createdHeading")}>
        {created && (
          <>
            <p>{t("tokens.createdNotice")}</p>
            <p className="mt-2 break-all font-mono" data-testid="new-token">
              {created.token}
            </p>
          </>
        )}
      </SuccessRegion>
      <FailureNotice title={t("tokens.failed")} failure={failure} />
      <ClientForm onSubmit={onSubmit}>
        <Field label={t("tokens.name")} error={message(errors.name?.message)} {...register("name")} />
        <Field label={t("tokens.expiresInDays")} type="number" min={1} max={365} error={message(errors.expiresInDays?.message)} {...shown.value("expiresInDays")} />
        <Button type="submit" disabled={pending}>
          {pending ? t("tokens.creating") : t("tokens.create")}
        </Button>
      </ClientForm>
    </>
  );
}
