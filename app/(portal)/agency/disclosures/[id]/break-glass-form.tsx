"use client";

import { useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { DisclosureReadOnly } from "@/components/disclosures/disclosure-read-only";
import type { ProductNames } from "@/components/disclosures/item-text";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { messageKeyOf } from "@/lib/disclosures/draft-form";
import { breakGlassSchema } from "@/lib/schemas/disclosure";
import { breakGlassAction } from "../actions";

/**
 * Break-glass for approvers: a disclosure outside their assignment opens only after a written
 * justification, which is recorded as the purpose of the read, flagged, and shown to the company.
 */
export function BreakGlassForm({ id, products, countries }: { id: string; products: ProductNames; countries: Record<string, string> }) {
  const t = useTranslations();
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
      <div ref={openedRef} tabIndex={-1} className="focus:outline-none">
        <Notice kind="info" title={t("disclosures.breakGlass.openedHeading")}>
          {t("disclosures.breakGlass.opened")}
        </Notice>
        <DisclosureReadOnly disclosure={opened} products={products} countries={countries} />
      </div>
    );
  }

  return (
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
  );
}
