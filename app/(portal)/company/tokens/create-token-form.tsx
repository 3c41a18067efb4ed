"use client";

import { useTranslations } from "next-intl";
import "@/lib/schemas/jitless";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SuccessRegion } from "@/components/ui/notice";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { apiTokenCreateSchema } from "@/lib/schemas/api-token";
import { createTokenAction } from "./actions";
import { useFailureText } from "@/lib/i18n/failure-text";

type FormValues = z.input<typeof apiTokenCreateSchema>;

const defaultValues: FormValues = { name: "", expiresInDays: 90 };

export function CreateTokenForm() {
  const t = useTranslations();
  const failureText = useFailureText();
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: apiTokenCreateSchema,
    defaultValues,
    fieldFor: shownPaths("name", "expiresInDays"),
    action: createTokenAction,
    onDone: (_, { reset }) => reset(),
  });
  const { register } = form;
  const { errors } = form.formState;
  const shown = shownFields(register, defaultValues);
  const message = (key?: string) => (key ? failureText(key) : undefined);

  return (
    <>
      <SuccessRegion title={t("tokens.createdHeading")}>
        {done && (
          <>
            <p>{t("tokens.createdNotice")}</p>
            <p className="mt-2 break-all font-mono" data-testid="new-token">
              {done.data.token}
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
