"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { ClientForm } from "@/components/ui/client-form";
import { invitationSchema, type InvitationInput } from "@/lib/schemas/admin";
import { inviteUserAction } from "./actions";

/** Invites a person by email; the link goes out through the email outbox. */
export function InviteForm({ organisations, roles }: { organisations: { value: string; label: string }[]; roles: { value: string; label: string }[] }) {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const [sent, setSent] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors },
  } = useForm<InvitationInput>({
    resolver: zodResolver(invitationSchema),
    defaultValues: { email: "", displayName: "", organisationId: organisations[0]?.value ?? "", role: (roles[0]?.value ?? "company_officer") as InvitationInput["role"] },
  });
  const message = (key?: string) => (key ? (key.includes(" ") ? key : t(key as "validation.required")) : undefined);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      setSent(null);
      const result = await inviteUserAction(values);
      if (result.ok) {
        setSent(values.email);
        reset({ ...values, email: "", displayName: "" });
        return;
      }
      for (const [path, messages] of Object.entries(result.fieldErrors ?? {})) setError(path as keyof InvitationInput, { message: messages[0] });
      if (!result.fieldErrors) setFailure(result.code === "conflict" ? t("admin.inviteExists") : t("errors.generic", { requestId: result.requestId ?? "" }));
    }),
  );

  return (
    <ClientForm onSubmit={onSubmit}>
      {sent && (
        <Notice kind="success" title={t("admin.inviteSentHeading")}>
          {t("admin.inviteSent", { email: sent })}
        </Notice>
      )}
      {failure && <Notice kind="error" title={t("admin.inviteFailed")}>{failure}</Notice>}
      <Field label={t("admin.email")} type="email" autoComplete="off" error={message(errors.email?.message)} {...register("email")} />
      <Field label={t("admin.displayName")} autoComplete="off" error={message(errors.displayName?.message)} {...register("displayName")} />
      {organisations.length > 1 && <SelectField label={t("admin.organisation")} options={organisations} error={message(errors.organisationId?.message)} {...register("organisationId")} />}
      <SelectField label={t("admin.role")} options={roles} error={message(errors.role?.message)} {...register("role")} />
      <Button type="submit" disabled={pending}>
        {pending ? t("admin.inviting") : t("admin.invite")}
      </Button>
    </ClientForm>
  );
}
