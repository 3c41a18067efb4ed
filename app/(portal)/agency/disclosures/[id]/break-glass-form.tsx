"use client";

import { useEffect, useRef } from "react";
import { useLocale, useTranslations } from "next-intl";
import { DisclosureReadOnly } from "@/components/disclosures/disclosure-read-only";
import type { ProductNames } from "@/components/disclosures/item-text";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeading } from "@/components/ui/page-heading";
import { Notice } from "@/components/ui/notice";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { messageKeyOf } from "@/lib/disclosures/draft-form";
import { breakGlassSchema } from "@/lib/schemas/disclosure";
import { localName } from "@/lib/i18n/format";
import { breakGlassAction } from "../actions";

/**
 * Break-glass for approvers: a disclosure outside their assignment opens only after a written
 * justification, which is recorded as the purpose of the read, flagged, and shown to the company. The page's
 * heading is this form's: once opened, it names the disclosure, as the page of one within assignment does.
 */
export function BreakGlassForm({ id, products, countries }: { id: string; products: ProductNames; countries: Record<string, string> }) {
  const t = useTranslations();
  const locale = useLocale();
  const openedRef = useRef<HTMLDivElement>(null);
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: breakGlassSchema,
    defaultValues: { justification: "" },
    mode: "onTouched",
    fieldFor: shownPaths("justification"),
    action: (values) => breakGlassAction({ id, justification: values.justification }),
    // "Not found" says what an approver may not open, rather than only that nothing was found.
    refused: (result, take) => take(result.code === "not_found" ? { ...result, message: "disclosures.breakGlass.notFound", params: undefined } : result),
  });
  const error = form.formState.errors.justification?.message;
  const opened = done?.data;

  useEffect(() => {
    if (opened) openedRef.current?.focus();
  }, [opened]);

  if (opened) {
    return (
      <>
        <PageHeading title={t("disclosures.agency.detailTitle", { company: localName(locale, opened.organisation.name), period: opened.reportingPeriod })} />
        <div ref={openedRef} tabIndex={-1} className="focus:outline-none">
          <Notice kind="info" title={t("disclosures.breakGlass.openedHeading")}>
            {t("disclosures.breakGlass.opened")}
          </Notice>
          <DisclosureReadOnly disclosure={opened} products={products} countries={countries} />
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeading title={t("disclosures.breakGlass.title")} intro={t("disclosures.breakGlass.intro")} />
      <Card title={t("disclosures.breakGlass.formHeading")}>
        <ClientForm onSubmit={onSubmit}>
          <FailureNotice title={t("disclosures.breakGlass.failed")} failure={failure} />
          <TextAreaField
            label={t("disclosures.breakGlass.justification")}
            hint={t("disclosures.breakGlass.justificationHint")}
            rows={4}
            error={error ? t(messageKeyOf(error) ?? "errors.generic") : undefined}
            {...form.register("justification")}
          />
          <Button type="submit" disabled={pending}>
            {pending ? t("disclosures.breakGlass.submitting") : t("disclosures.breakGlass.submit")}
          </Button>
        </ClientForm>
      </Card>
    </>
  );
}
