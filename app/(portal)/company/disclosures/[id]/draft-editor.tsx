"use client";

import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { get, set, useFieldArray, useForm, type FieldErrors, type Path, type Resolver, type ResolverResult } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { ItemsTable } from "@/components/disclosures/items-table";
import { NotesLine } from "@/components/disclosures/notes-line";
import { Button } from "@/components/ui/button";
import { Notice, SuccessRegion } from "@/components/ui/notice";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { placeFieldErrors } from "@/components/ui/field-errors";
import { useLeaveGuard } from "@/components/ui/leave-guard";
import type { StoredExposureItem } from "@/db/schema";
import { emptyItem, messageKeyOf, shareTotalErrorRows, toDraftFormValues, toDraftInput, type DraftFormValues } from "@/lib/disclosures/draft-form";
import { ownRevision, updateDisclosureSchema, type Disclosure, type UpdateDisclosureInput } from "@/lib/schemas/disclosure";
import { saveDraftAction } from "../actions";
import { ItemFields, type Option } from "./item-fields";
import { SubmitPanel } from "./submit-panel";
import { useFailureText } from "@/lib/i18n/failure-text";

interface Props {
  id: string;
  revision: number;
  items: StoredExposureItem[];
  notes: string | null;
  nextVersion: number;
  products: Option[];
  countries: Option[];
}

// The shared schema checks exactly what the server will be sent, so errors land on the same paths. The
// share-total rule is also applied to rows that are not complete yet, so it shows as the shares are typed.
const schemaResolver = zodResolver(updateDisclosureSchema);
const resolver: Resolver<DraftFormValues, unknown, UpdateDisclosureInput> = async (values, context, options) => {
  const result = await schemaResolver(toDraftInput(values), context, options as unknown as Parameters<typeof schemaResolver>[2]);
  if (Object.keys(result.errors).length === 0) return result as ResolverResult<DraftFormValues, UpdateDisclosureInput>;
  const errors = result.errors as FieldErrors<DraftFormValues>;
  for (const index of shareTotalErrorRows(values)) {
    const path = `items.${index}.sharePercent`;
    if (!get(errors, path)) set(errors, path, { type: "custom", message: "validation.shareTotal" });
  }
  return { values: {}, errors };
};

const shareRule = /^items\.\d+\.(sharePercent|productCode|stage)$/;
const removeButtonId = (index: number) => `item-${index}-remove`;

type Outcome = { kind: "saved" } | { kind: "invalid" } | { kind: "error"; message: string; requestId?: string } | { kind: "stale"; current: Disclosure };

/** The working copy's exposure items: add and remove rows, live validation, save with the loaded revision. */
export function DraftEditor({ id, revision: loadedRevision, items, notes, nextVersion, products, countries }: Props) {
  const t = useTranslations();
  const failureText = useFailureText();
  const [pending, startTransition] = useTransition();
  const [revision, setRevision] = useState(loadedRevision);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  // The last item removed (its index then), and how many were: each removal is announced anew.
  const [removed, setRemoved] = useState<{ index: number; count: number } | null>(null);
  const form = useForm<DraftFormValues, unknown, UpdateDisclosureInput>({
    resolver,
    defaultValues: toDraftFormValues(items, notes),
    mode: "onChange",
  });
  const { control, register, handleSubmit, reset, setError, setFocus, trigger, getValues, subscribe, formState } = form;
  const { errors, isDirty, touchedFields, submitCount } = formState;
  useLeaveGuard(isDirty);
  const [revealAll, setRevealAll] = useState(false);
  // A row just added is checked at once; its empty fields say nothing until they are visited or a save is
  // tried (a new row counts as "dirty" as a whole, so dirtiness cannot tell).
  const showError = (path: string) => {
    if (revealAll || submitCount > 0 || get(touchedFields, path)) return true;
    const value: unknown = get(getValues(), path);
    return typeof value === "string" ? value.trim() !== "" : value === true;
  };
  const { fields, append, remove } = useFieldArray({ control, name: "items" });

  // The share-total rule spans rows: when a share, product or stage changes, re-check every filled-in share.
  const recheckShares = useCallback(() => {
    const names = getValues("items").flatMap((item, i) => ((item.sharePercent ?? "").trim() ? [`items.${i}.sharePercent` as const] : []));
    if (names.length) void trigger(names);
  }, [getValues, trigger]);
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: ({ name }) => {
          if (name && shareRule.test(name)) recheckShares();
        },
      }),
    [subscribe, recheckShares],
  );

  useEffect(() => {
    // A refused save moves focus to its notice; for invalid fields the form focuses the first one itself.
    if (outcome?.kind === "stale" || outcome?.kind === "error") outcomeRef.current?.focus();
  }, [outcome]);

  // Field errors the server found (a save's or a submission's) go on their fields; once they show, the
  // first field takes the focus, or the notice where that error has no control (the items as a whole).
  const [serverFocus, setServerFocus] = useState<{ path?: Path<DraftFormValues> } | null>(null);
  useEffect(() => {
    if (!serverFocus) return;
    const before = document.activeElement;
    if (serverFocus.path) setFocus(serverFocus.path);
    if (document.activeElement === before) outcomeRef.current?.focus();
  }, [serverFocus, setFocus]);
  const showServerErrors = (fieldErrors: Record<string, string[]>) => {
    const { placed } = placeFieldErrors(fieldErrors, (path) => path as Path<DraftFormValues>);
    for (const { field, message } of placed) setError(field, { type: "server", message });
    setServerFocus({ path: placed[0]?.field });
  };

  const continueFrom = (current: Disclosure) => {
    // The notice holding this button goes: the focus goes to the top of the editor, not to the page's start.
    headingRef.current?.focus();
    reset(toDraftFormValues(current.items, current.notes));
    setRevision(ownRevision(current));
    setOutcome(null);
  };

  // A removed item takes its Remove button with it: the focus moves to the item now in its place, else to
  // the item before it, else to "Add an exposure item".
  const removeItem = (index: number) => {
    remove(index);
    setRemoved((last) => ({ index, count: (last?.count ?? 0) + 1 }));
    setTimeout(recheckShares, 0);
  };
  useEffect(() => {
    if (!removed) return;
    const { index } = removed;
    if (index < getValues("items").length) setFocus(`items.${index}.productCode`);
    else if (index > 0) document.getElementById(removeButtonId(index - 1))?.focus();
    else addRef.current?.focus();
  }, [removed, getValues, setFocus]);

  const onSave = handleSubmit(
    (values) =>
      startTransition(async () => {
        setOutcome(null);
        const result = await saveDraftAction({ id, revision, changes: values });
        if (result.ok) {
          reset(toDraftFormValues(result.data.items, result.data.notes));
          setRevision(ownRevision(result.data));
          setOutcome({ kind: "saved" });
          return;
        }
        if (result.code === "stale" && result.current) {
          setOutcome({ kind: "stale", current: result.current as Disclosure });
          return;
        }
        if (result.fieldErrors) showServerErrors(result.fieldErrors);
        setOutcome(result.fieldErrors ? { kind: "invalid" } : { kind: "error", message: failureText(result.message, result.params), requestId: result.requestId });
      }),
    () => setOutcome({ kind: "invalid" }),
  );

  const topError = errors.items?.root?.message ?? errors.items?.message;
  const errorText = (message: string) => t(messageKeyOf(message) ?? "errors.generic");

  return (
    <>
      <ClientForm onSubmit={onSave} aria-labelledby="editor-heading">
        <h3 id="editor-heading" ref={headingRef} tabIndex={-1} className="mb-2 text-base font-semibold text-slate-900 focus:outline-none">
          {t("disclosures.editor.heading")}
        </h3>
        <p className="mb-4 text-sm text-slate-700">{t("disclosures.editor.intro")}</p>
        {/* Alerts stay outside the status region. */}
        <SuccessRegion testId="editor-status">{outcome?.kind === "saved" && t("disclosures.editor.saved")}</SuccessRegion>
        <div ref={outcomeRef} tabIndex={-1} className="focus:outline-none">
          {outcome?.kind === "invalid" && (
            <Notice kind="error" title={t("disclosures.editor.failed")}>
              {t("disclosures.editor.invalid")}
            </Notice>
          )}
          {outcome?.kind === "error" && (
            <Notice kind="error" title={t("disclosures.editor.failed")}>
              {outcome.message}
              {outcome.requestId && <span className="block text-sm">{t("errors.reference", { requestId: outcome.requestId })}</span>}
            </Notice>
          )}
          {outcome?.kind === "stale" && (
            <Notice kind="error" title={t("disclosures.editor.staleHeading")}>
              <p className="mb-3">{t("disclosures.editor.staleBody")}</p>
              <ItemsTable
                id="stale-items"
                items={outcome.current.items}
                products={Object.fromEntries(products.map((p) => [p.value, p.label]))}
                countries={Object.fromEntries(countries.map((c) => [c.value, c.label]))}
                caption={t("disclosures.editor.newerItems", { revision: ownRevision(outcome.current) })}
              />
              <NotesLine notes={outcome.current.notes} className="my-2" />
              {outcome.current.editable ? (
                <button type="button" onClick={() => continueFrom(outcome.current)} className="rounded border border-brand-700 bg-white px-3 py-1 font-medium text-brand-800 hover:bg-brand-50">
                  {t("disclosures.editor.continueFromNewer")}
                </button>
              ) : (
                <p>{t("disclosures.editor.noLongerEditable")}</p>
              )}
            </Notice>
          )}
          {topError && (
            <Notice kind="error" title={t("disclosures.editor.failed")}>
              {errorText(topError)}
            </Notice>
          )}
        </div>
        {fields.length === 0 && <p className="mb-4">{t("disclosures.editor.noItemsYet")}</p>}
        {fields.map((field, index) => (
          <ItemFields
            key={field.id}
            index={index}
            item={field}
            register={register}
            errors={errors}
            showError={showError}
            products={products}
            countries={countries}
            removeId={removeButtonId(index)}
            onRemove={() => removeItem(index)}
          />
        ))}
        <p role="status" className="sr-only" data-testid="editor-announcement">
          {removed && <span key={removed.count}>{t("disclosures.editor.itemRemoved", { number: removed.index + 1 })}</span>}
        </p>
        <p className="mb-6">
          <button ref={addRef} type="button" onClick={() => append(emptyItem())} className="rounded border border-brand-700 px-3 py-2 font-medium text-brand-800 hover:bg-brand-50">
            {t("disclosures.editor.addItem")}
          </button>
        </p>
        <TextAreaField label={t("disclosures.fields.notes")} rows={4} error={errors.notes?.message ? errorText(errors.notes.message) : undefined} {...register("notes")} defaultValue={notes ?? ""} />
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" disabled={pending}>
            {pending ? t("disclosures.editor.saving") : t("disclosures.editor.save")}
          </Button>
          {isDirty && <p className="text-sm text-slate-700">{t("disclosures.editor.unsaved")}</p>}
        </div>
      </ClientForm>
      <SubmitPanel
        id={id}
        revision={revision}
        nextVersion={nextVersion}
        dirty={isDirty}
        itemCount={fields.length}
        validate={() => {
          setRevealAll(true);
          return trigger();
        }}
        onStale={(current) => setOutcome({ kind: "stale", current })}
        onFieldErrors={showServerErrors}
      />
    </>
  );
}
