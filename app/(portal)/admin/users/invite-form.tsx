"use client";

import { useEffect } from "react";
import { useWatch } from "react-hook-form";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SuccessRegion } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { useFailureText } from "@/lib/i18n/failure-text";
import type { OrganisationType, Role } from "@/db/schema";
import { invitationSchema, rolesForOrganisationType } from "@/lib/schemas/admin";
import { inviteUserAction } from "./actions";

/** The roles the organisation of `organisationId`, among `organisations`, may give its users. */
function rolesOf(organisations: { value: string; type: OrganisationType }[], organisationId: string): readonly Role[] {
  const type = organisations.find((o) => o.value === organisationId)?.type;
  return type ? rolesForOrganisationType[type] : [];
}

/**
 * Invites a person by email; the link goes out through the email outbox. The role select offers the roles
 * the chosen organisation may hold, and follows the organisation select as it changes (the service
 * refuses any other all the same).
 */
export function InviteForm({ organisations }: { organisations: { value: string; label: string; type: OrganisationType }[] }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const firstOrganisation = organisations[0]?.value ?? "";
  // With one organisation to choose from, its select is not shown: an error about it goes in the notice.
  const shown = organisations.length > 1 ? shownPaths("email", "displayName", "organisationId", "role") : shownPaths("email", "displayName", "role");
  // A taken address is the service's conflict (serviceErrors.emailTaken), said as such.
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: invitationSchema,
    defaultValues: { email: "", displayName: "", organisationId: firstOrganisation, role: rolesOf(organisations, firstOrganisation)[0] ?? "company_officer" },
    fieldFor: shown,
    action: inviteUserAction,
    onDone: ({ values }, { reset }) => reset({ ...values, email: "", displayName: "" }),
  });
  const { register, setValue, getValues, control } = form;
  const { errors } = form.formState;
  const organisationId = useWatch({ control, name: "organisationId" });
  const roles = rolesOf(organisations, organisationId).map((r) => ({ value: r, label: t(`roles.${r}`) }));
  // Another organisation chosen: once its roles are the options, a role it cannot hold gives way to the first it can.
  useEffect(() => {
    const offered = rolesOf(organisations, organisationId);
    if (offered[0] && !offered.includes(getValues("role"))) setValue("role", offered[0]);
  }, [organisations, organisationId, getValues, setValue]);
  const message = (key?: string) => (key ? failureText(key) : undefined);

  return (
    <ClientForm onSubmit={onSubmit}>
      <SuccessRegion title={t("admin.inviteSentHeading")}>{done && t("admin.inviteSent", { email: done.values.email })}</SuccessRegion>
      <FailureNotice title={t("admin.inviteFailed")} failure={failure} />
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
