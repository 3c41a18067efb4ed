"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { DisclosureReadOnly } from "@/components/disclosures/disclosure-read-only";
import type { ProductNames } from "@/components/disclosures/item-text";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice, useRefusal, type FormFailure } from "@/components/ui/form-failure";
import { messageKeyOf } from "@/lib/disclosures/draft-form";
import { breakGlassSchema, type Disclosure } from "@/lib/schemas/disclosure";
import { breakGlassAction } from "../actions";

type FormValues = z.input<typeof breakGlassSchema>;

/**
 * Break-glass for approvers: a disclosure outside their assignment opens only after a written
 * justification, which is recorded as the purpose of the read, flagged, and shown to the company.
 */
export function BreakGlassForm({ id, products, countries }: { id: string; products: ProductNames; countries: Record<string, string> }) {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const [opened, setOpened] = useState<Disclosure | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const openedRef = useRef<HTMLDivElement>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<FormValues, unknown, z.output<typeof breakGlassSchema>>({
    resolver: zodResolver(breakGlassSchema),
    defaultValues: { justification: "" },
    mode: "onTouched",
  });
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("justification") });

  useEffect(() => {
    if (opened) openedRef.current?.focus();
  }, [opened]);

  const onSubmit = handleSubmit((values) =>
    startTransition(async () => {
      setFailure(null);
      const result = await breakGlassAction({ id, justification: values.justification });
      if (result.ok) return setOpened(result.data);
      // "Not found" says what an approver may not open, rather than only that nothing was found.
      setFailure(refusal(result.code === "not_found" ? { ...result, message: "disclosures.breakGlass.notFound", params: undefined } : result));
    }),
  );

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
        error={errors.justification?.message ? t(messageKeyOf(errors.justification.message) ?? "errors.generic") : undefined}
        {...register("justification")}
      />
      <Button type="submit" disabled={pending}>
        {pending ? t("disclosures.breakGlass.submitting") : t("disclosures.breakGlass.submit")}
      </Button>
    </ClientForm>
  );
}
