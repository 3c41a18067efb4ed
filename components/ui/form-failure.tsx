"use client";

import { useEffect, useRef, useState } from "react";
import type { FieldValues, Path, UseFormSetError, UseFormSetFocus } from "react-hook-form";
import { useTranslations } from "next-intl";
import { useFailureText, type MessageValues } from "@/lib/i18n/failure-text";
import { placeFieldErrors, type FieldErrorMap } from "./field-errors";
import { Notice } from "./notice";

/** What a form says when its action failed: its sentences, and the reference to quote to support. */
export interface FormFailure {
  messages: string[];
  requestId?: string;
  /** A field took the focus with its error: the notice leaves the focus there. */
  fieldFocused?: boolean;
}

/** A refused action's answer, as far as a form reads it (the failing side of `ActionResult`). */
export interface Refusal {
  message: string;
  params?: MessageValues;
  fieldErrors?: FieldErrorMap;
  requestId?: string;
}

interface Options<T extends FieldValues> {
  setError: UseFormSetError<T>;
  setFocus: UseFormSetFocus<T>;
  /** The form's field for a path of the server's field errors; undefined where no control shows it (a hidden id). */
  fieldFor: (path: string) => Path<T> | undefined;
  /** Said first in the notice when errors were put beside their fields ("Check the fields marked below."). */
  summary?: string;
}

/**
 * How a form takes a refusal. Field errors go beside their fields and the first of those fields takes the
 * focus once it shows its error (so that a screen reader reads the field with it); errors of fields the
 * form does not show, and failures that are about no field (a rule of the service, an outage), become the
 * notice's sentences in the reader's language, with the request's reference where it helps support.
 * Answers null when every error stands beside its field and there is no summary to give.
 */
export function useRefusal<T extends FieldValues>({ setError, setFocus, fieldFor, summary }: Options<T>) {
  const failureText = useFailureText();
  const [focusOn, setFocusOn] = useState<{ field: Path<T> } | null>(null);
  useEffect(() => {
    if (focusOn) setFocus(focusOn.field);
  }, [focusOn, setFocus]);
  return (result: Refusal, fallback?: string): FormFailure | null => {
    if (!result.fieldErrors) return { messages: [failureText(result.message, result.params, fallback)], requestId: result.requestId };
    const { placed, unplaced } = placeFieldErrors(result.fieldErrors, fieldFor);
    for (const { field, message } of placed) setError(field, { type: "server", message });
    // A fresh object each time: the same field refused twice takes the focus again.
    if (placed[0]) setFocusOn({ field: placed[0].field });
    const messages = [...(placed.length && summary ? [summary] : []), ...unplaced.map((m) => failureText(m))];
    return messages.length ? { messages, fieldFocused: placed.length > 0 } : null;
  };
}

/**
 * A form's failure notice. Where no field took the focus (the failure is about none), the notice takes it,
 * so that keyboard and screen-reader users land on what went wrong.
 */
export function FailureNotice({ title, failure }: { title: string; failure: FormFailure | null }) {
  const t = useTranslations("errors");
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (failure && !failure.fieldFocused) ref.current?.focus();
  }, [failure]);
  if (!failure) return null;
  return (
    <div ref={ref} tabIndex={-1} className="focus:outline-none">
      <Notice kind="error" title={title}>
        {failure.messages.map((m) => (
          <p key={m}>{m}</p>
        ))}
        {failure.requestId && <p className="text-sm">{t("reference", { requestId: failure.requestId })}</p>}
      </Notice>
    </div>
  );
}
