"use client";

import { controlClassName, FieldFrame } from "./field-frame";

interface TextAreaFieldProps extends React.TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string;
  error?: string;
  hint?: string;
}

/** A labelled multi-line input whose error is announced and tied to it, like Field. */
export function TextAreaField({ label, error, hint, id, rows = 3, ...textarea }: TextAreaFieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(control) => <textarea {...control} rows={rows} className={controlClassName} {...textarea} />}
    </FieldFrame>
  );
}
