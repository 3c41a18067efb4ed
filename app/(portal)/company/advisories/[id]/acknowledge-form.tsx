"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { shownPaths } from "@/components/ui/field-errors";
import { acknowledgeAdvisorySchema } from "@/lib/schemas/advisory";
import { acknowledgeAction } from "../actions";
import { useFailureText } from "@/lib/i18n/failure-text";

/** Acknowledges the revision shown (the newest delivered to the company when the page was made), with an optional note for the agency. */
export function AcknowledgeForm({ id, revision }: { id: string; revision: number }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const router = useRouter();
  const { form, pending, failure, onSubmit } = useActionForm({
    schema: acknowledgeAdvisorySchema,
    defaultValues: { note: "" },
    mode: "onTouched",
    fieldFor: shownPaths("note"),
    summary: t("errors.checkFields"),
    // The revision on the button: one delivered since is refused, to be read first.
    action: (values) => acknowledgeAction({ id, acknowledgement: { ...values, revision } }),
    onDone: () => {
      router.push(`/company/advisories/${id}?acknowledged=1`);
      router.refresh();
    },
    // Not the page again as it is now: an acknowledgement someone else made, or a withdrawal, would take
    // the form away, and the refusal saying so with it. Except for a revision delivered since the page was
    // made, which the refusal asks to read first: the page is made again to show it, and the form stays
    // (for the new revision), with the refusal.
    refused: (result, take) => {
      const said = take(result);
      if (result.message === "serviceErrors.advisoryRevisionChanged") router.refresh();
      return said;
    },
  });
  const error = form.formState.errors.note?.message;

  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("advisories.acknowledge.failed")} failure={failure} />
      <p className="mb-3 text-slate-700">{t("advisories.acknowledge.intro")}</p>
      <TextAreaField label={t("advisories.acknowledge.note")} rows={3} error={error ? failureText(error) : undefined} {...form.register("note")} />
      <Button type="submit" disabled={pending}>
        {pending ? t("advisories.acknowledge.submitting") : t("advisories.acknowledge.submit", { revision })}
      </Button>
    </ClientForm>
  );
}
