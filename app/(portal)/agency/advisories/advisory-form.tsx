"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type ComponentProps } from "react";
import { useWatch, type FieldPath } from "react-hook-form";
import { useTranslations } from "next-intl";
import "@/lib/schemas/jitless";
import { z } from "zod";
import { ReachSummary } from "@/components/advisories/reach-summary";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { controlClassName, FieldFrame } from "@/components/ui/field-frame";
import { SelectField } from "@/components/ui/select-field";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { FailureNotice } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { useLeaveGuard } from "@/components/ui/leave-guard";
import { advisorySeverities, tlpLabels } from "@/db/schema";
import { Notice } from "@/components/ui/notice";
import { createAdvisorySchema, reviseAdvisorySchema, type Advisory, type AdvisoryReach } from "@/lib/schemas/advisory";
import { previewReachAction, saveAdvisoryAction } from "./actions";
import { formValuesOf } from "./form-values";
import { useFailureText } from "@/lib/i18n/failure-text";

type Option = { value: string; label: string };
type FormValues = z.input<typeof reviseAdvisorySchema>;
type Mode = "create" | "edit" | "revise";
/** What the editor starts from: stored values, whose product codes the schema checks again on save. */
type TargetLists = { products: string[]; countries: string[]; sectors: string[]; organisations: string[] };
export type AdvisoryFormInitial = Omit<FormValues, "targets"> & { targets: TargetLists };

/** The targets as lists, whatever the inputs hold (one checkbox checked can read as a string, none as false). */
function chosenTargets(targets: unknown): TargetLists {
  const t = (targets ?? {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : typeof v === "string" && v ? [v] : []);
  return { products: list(t.products), countries: list(t.countries), sectors: list(t.sectors), organisations: list(t.organisations) };
}

/**
 * The advisory editor: content, TLP and severity, targets, and a live preview of the companies the
 * targets reach (asked of the server as they change). One form for a new draft, the working draft, and
 * the next revision of a published advisory.
 */
export function AdvisoryForm(props: {
  mode: Mode;
  id?: string;
  version?: number;
  supersedes?: string;
  /** The revision being written: from 2 on, it says what changed. */
  revision?: number;
  initial: AdvisoryFormInitial;
  products: Option[];
  countries: Option[];
  sectors: Option[];
  companies: Option[];
}) {
  const { mode } = props;
  const t = useTranslations();
  const failureText = useFailureText();
  const router = useRouter();
  const withChange = mode === "revise" || (props.revision ?? 1) > 1;
  const schema = withChange ? reviseAdvisorySchema : createAdvisorySchema.omit({ supersedes: true }).extend({ changeSummary: z.string().optional() });
  const contentFields = ["title", "summary", "body", "severity", "tlp", ...(withChange ? (["changeSummary"] as const) : [])] as const;
  // The save the form builds on: the one loaded, or a newer one it was refused in favour of and continued from.
  const [version, setVersion] = useState(props.version);
  const [newer, setNewer] = useState<Advisory | null>(null);
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: schema as typeof reviseAdvisorySchema,
    defaultValues: props.initial as FormValues,
    mode: "onTouched",
    // A target's error (`targets.products.3`, or the targets as a whole) is said for its list.
    fieldFor: (path) =>
      path === "targets"
        ? "targets.products"
        : path.startsWith("targets.")
          ? (path.split(".").slice(0, 2).join(".") as FieldPath<FormValues>)
          : contentFields.find((f) => f === path),
    summary: t("advisories.form.fixErrors"),
    action: ({ changeSummary, ...content }) => {
      const payload = { ...content, ...(withChange ? { changeSummary } : {}), ...(mode === "create" && props.supersedes ? { supersedes: props.supersedes } : {}) };
      return saveAdvisoryAction({ mode, id: props.id, version, values: payload });
    },
    // Someone saved since: the notice says so, and the newer save is shown to continue from.
    refused: (result, take) => {
      setNewer(result.code === "stale" && result.current ? (result.current as Advisory) : null);
      return take(result);
    },
    onDone: ({ data }) => router.push(`/agency/advisories/${data.id}?${mode === "create" ? "created" : mode === "edit" ? "saved" : "revised"}=1`),
    invalid: (invalid, { setFocus }) => {
      // The form focuses the first invalid field itself, but the targets as a whole (none chosen) are no
      // field of its own: when theirs is the first error, their first box takes the focus with it.
      const wholeTargets = invalid.targets?.message ?? invalid.targets?.root?.message;
      if (wholeTargets && !contentFields.some((f) => invalid[f])) setFocus("targets.products");
      return { messages: [t("advisories.form.fixErrors")], fieldFocused: true };
    },
  });
  const { register, control } = form;
  const { errors, isDirty } = form.formState;
  // Once saved, the form goes to the advisory's page with its edits: only edits not saved yet are asked about.
  useLeaveGuard(isDirty && !done);
  const shown = shownFields(register, props.initial);
  const message = (text?: string) => (text ? failureText(text) : undefined);

  const targets = useWatch({ control, name: "targets" });
  const chosen = chosenTargets(targets);
  const targetsKey = JSON.stringify(chosen);
  const empty = chosen.products.length + chosen.countries.length + chosen.sectors.length + chosen.organisations.length === 0;
  // The answer for the targets it was asked about: while it is for other targets, it is loading.
  const [reach, setReach] = useState<{ key: string; data: AdvisoryReach | null }>({ key: "", data: null });
  useEffect(() => {
    if (empty) return;
    let current = true;
    const timer = setTimeout(async () => {
      const result = await previewReachAction(JSON.parse(targetsKey));
      if (current) setReach({ key: targetsKey, data: result.ok ? result.data : null });
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [targetsKey, empty]);
  const reachLoading = !empty && reach.key !== targetsKey;
  const reachData = empty || reachLoading ? null : reach.data;

  const targetsError =
    message(errors.targets?.message ?? errors.targets?.root?.message) ??
    message(errors.targets?.products?.message ?? errors.targets?.products?.[0]?.message) ??
    message(errors.targets?.sectors?.message ?? errors.targets?.sectors?.[0]?.message) ??
    message(errors.targets?.organisations?.message ?? errors.targets?.organisations?.[0]?.message);
  // The boxes of a list are invalid with its own error or with that of the targets as a whole.
  const boxesInvalid = (list: "products" | "sectors" | "organisations") => Boolean(targetsError && (errors.targets?.message || errors.targets?.root || errors.targets?.[list]));
  const countriesError = message(errors.targets?.countries?.message ?? errors.targets?.countries?.[0]?.message);

  // Continuing from the newer save discards the edits not saved: the form holds it, and saves on top of it.
  const continueFromNewer = (current: Advisory) => {
    form.reset(formValuesOf(current, mode === "revise" ? "revise" : "edit") as FormValues);
    setVersion(current.version ?? undefined);
    setNewer(null);
    setTimeout(() => form.setFocus("title"), 0);
  };

  return (
    <ClientForm onSubmit={onSubmit}>
      <FailureNotice title={t("advisories.form.failed")} failure={failure} />
      {newer && (
        <Notice kind="info" title={t("advisories.form.newerHeading")}>
          <dl className="mb-3 grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-[max-content_minmax(0,1fr)]" data-testid="newer-save">
            <dt className="font-medium">{t("advisories.form.title")}</dt>
            <dd>{newer.title}</dd>
            <dt className="font-medium">{t("advisories.form.summary")}</dt>
            <dd className="whitespace-pre-line">{newer.summary}</dd>
          </dl>
          <button type="button" onClick={() => continueFromNewer(newer)} className="rounded border border-brand-700 bg-white px-3 py-1 font-medium text-brand-800 hover:bg-brand-50">
            {t("advisories.form.continueFromNewer")}
          </button>
        </Notice>
      )}
      <Field label={t("advisories.form.title")} error={message(errors.title?.message)} autoComplete="off" {...shown.value("title")} />
      <TextAreaField label={t("advisories.form.summary")} rows={3} error={message(errors.summary?.message)} {...shown.value("summary")} />
      <TextAreaField label={t("advisories.form.body")} hint={t("advisories.form.bodyHint")} rows={12} error={message(errors.body?.message)} {...shown.value("body")} />
      <div className="grid gap-x-6 md:grid-cols-2">
        <SelectField
          label={t("advisories.form.severity")}
          error={message(errors.severity?.message)}
          options={advisorySeverities.map((s) => ({ value: s, label: t(`advisories.severities.${s}`) }))}
          {...shown.value("severity")}
        />
        <SelectField
          label={t("advisories.form.tlp")}
          hint={t("advisories.form.tlpHint")}
          error={message(errors.tlp?.message)}
          options={tlpLabels.map((l) => ({ value: l, label: `TLP:${l}` }))}
          {...shown.value("tlp")}
        />
      </div>
      {withChange && <TextAreaField label={t("advisories.form.changeSummary")} rows={2} error={message(errors.changeSummary?.message)} {...shown.value("changeSummary")} />}

      <fieldset className="mb-6 rounded border border-slate-300 p-4" aria-describedby={targetsError ? "targets-hint targets-error" : "targets-hint"}>
        <legend className="px-1 font-semibold">{t("advisories.form.targetsLegend")}</legend>
        <p id="targets-hint" className="mb-3 text-sm text-slate-700">
          {t("advisories.form.targetsHint")}
        </p>
        {targetsError && (
          <p id="targets-error" className="mb-3 text-sm font-medium text-red-800">
            {targetsError}
          </p>
        )}
        <TargetBoxes legend={t("advisories.form.products")} options={props.products} invalid={boxesInvalid("products")} box={(value) => shown.choice("targets.products", value)} wide />
        <FieldFrame label={t("advisories.form.countries")} hint={t("advisories.form.countriesHint")} error={countriesError}>
          {(control) => (
            <select {...control} multiple size={8} className={controlClassName} {...shown.values("targets.countries")}>
              {props.countries.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label} ({c.value})
                </option>
              ))}
            </select>
          )}
        </FieldFrame>
        <TargetBoxes legend={t("advisories.form.sectors")} options={props.sectors} invalid={boxesInvalid("sectors")} box={(value) => shown.choice("targets.sectors", value)} />
        <TargetBoxes legend={t("advisories.form.companies")} options={props.companies} invalid={boxesInvalid("organisations")} box={(value) => shown.choice("targets.organisations", value)} />
      </fieldset>

      <ReachSummary reach={reachData} loading={reachLoading} hint={t("advisories.form.reachHint")} namedSome={chosen.organisations.length > 0} />

      <Button type="submit" disabled={pending}>
        {pending ? t("advisories.form.saving") : t("advisories.form.save")}
      </Button>
    </ClientForm>
  );
}

/**
 * One list of targets as a group of boxes; `box` registers the box of a value with the form. Invalid, each
 * box is described by the targets' error (said once, above the lists), so that a box taking the focus says it.
 */
function TargetBoxes({
  legend,
  options,
  box,
  invalid,
  wide = false,
}: {
  legend: string;
  options: Option[];
  box: (value: string) => ComponentProps<"input">;
  invalid: boolean;
  wide?: boolean;
}) {
  return (
    <fieldset className="mb-4">
      <legend className="mb-2 text-sm font-semibold">{legend}</legend>
      <div className={`grid gap-x-6 gap-y-1 sm:grid-cols-2 ${wide ? "lg:grid-cols-3" : ""}`}>
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2">
            <input type="checkbox" className="h-4 w-4" aria-invalid={invalid || undefined} aria-describedby={invalid ? "targets-error" : undefined} {...box(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
