"use client";

import { useState, useTransition } from "react";
import { useForm, type FieldErrors, type FieldValues, type Path, type UseFormProps, type UseFormReturn } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { useTranslations } from "next-intl";
import type { z } from "zod";
import type { ActionResult } from "@/lib/http/action-result";
import { waitPhrase } from "@/lib/i18n/wait";
import { useRefusal, type FormFailure, type Refusal } from "./form-failure";

/** A server action's refusal, as the action answered it. */
export type Refused = Extract<ActionResult<never>, { ok: false }>;

/** What a form's action saved: the action's answer, and the values the form sent. */
export interface Done<TData, TValues> {
  data: TData;
  values: TValues;
}

/** The usual way of taking a refusal (`useRefusal`): its field errors beside their fields, the rest in the notice. */
export type TakeRefusal = (result: Refusal, fallback?: string) => FormFailure | null;

export interface ActionFormOptions<TInput extends FieldValues, TOutput extends FieldValues, TData> extends Omit<UseFormProps<TInput, unknown, TOutput>, "resolver" | "defaultValues"> {
  /** What the fields hold first (their types are the schema's, not guessed from these). */
  defaultValues: NoInfer<UseFormProps<TInput, unknown, TOutput>["defaultValues"]>;
  /** The shared schema the form checks its values with (the server checks them again). */
  schema: z.core.$ZodType<TOutput, TInput>;
  /** The form's field for a path of the server's field errors; undefined where no control shows it (a hidden id). */
  fieldFor: (path: string) => NoInfer<Path<TInput>> | undefined;
  /** Said first in the notice when errors were put beside their fields. */
  summary?: string;
  /** The server action, with whatever else it takes besides the values (an id, a revision). */
  action: (values: TOutput) => Promise<ActionResult<TData>>;
  /** After a save: what else follows (the form emptied, another page, the caller told). */
  onDone?: (done: Done<TData, TOutput>, form: UseFormReturn<TInput, unknown, TOutput>) => void;
  /** How a refusal is said, where not the usual way: a wait when throttled, a message of the form's own. */
  refused?: (result: Refused, take: TakeRefusal) => FormFailure | null;
  /** What the notice says when the form's own check refuses the values; by default nothing (the fields say it). */
  invalid?: (errors: FieldErrors<TInput>, form: UseFormReturn<TInput, unknown, TOutput>) => FormFailure | null;
}

/**
 * A form that sends its values to a server action: the form itself (react-hook-form, checked by the shared
 * schema), whether its action is pending, and the outcome of its last submission — what was saved (`done`),
 * or the refusal as the form's notice says it (`failure`), its field errors beside their fields. A new
 * submission clears the last outcome. `onSubmit` goes on the form (a `ClientForm`).
 */
export function useActionForm<TInput extends FieldValues, TOutput extends FieldValues, TData>({
  schema,
  fieldFor,
  summary,
  action,
  onDone,
  refused = (result, take) => take(result),
  invalid,
  ...props
}: ActionFormOptions<TInput, TOutput, TData>) {
  const form = useForm<TInput, unknown, TOutput>({ ...props, resolver: zodResolver(schema) });
  const [pending, startTransition] = useTransition();
  const [done, setDone] = useState<Done<TData, TOutput> | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const refusal = useRefusal({ setError: form.setError, setFocus: form.setFocus, fieldFor, summary });
  const onSubmit = form.handleSubmit(
    (values) =>
      startTransition(async () => {
        setDone(null);
        setFailure(null);
        const result = await action(values);
        if (!result.ok) return setFailure(refused(result, refusal));
        const saved = { data: result.data, values };
        setDone(saved);
        onDone?.(saved, form);
      }),
    invalid && ((errors) => setFailure(invalid(errors, form))),
  );
  return { form, pending, done, failure, onSubmit };
}

/** A `refused` for an action that may be throttled: the wait before trying again, in place of the refusal. */
export const waitWhenThrottled =
  (t: ReturnType<typeof useTranslations>) =>
  (result: Refused, take: TakeRefusal): FormFailure | null =>
    result.retryAfterSeconds ? { messages: [t("signIn.throttled", { wait: waitPhrase(t, result.retryAfterSeconds) })] } : take(result);
