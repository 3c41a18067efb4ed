"use client";

import { useMemo } from "react";
import { optionsHtml } from "@/lib/html";
import { controlClassName, FieldFrame } from "./field-frame";

interface SelectFieldProps extends React.SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  options: { value: string; label: string }[];
  error?: string;
  hint?: string;
}

// Past this many options (the country list has about 250) they are written as one HTML string that
// React neither compares nor hydrates option by option: with three items in the disclosure editor,
// hydrating ~750 <option> elements was most of the page's blocking time (Lighthouse).
const INLINE_OPTIONS_FROM = 50;

/** A labelled select whose error is announced and tied to it, like Field. */
export function SelectField({ label, options, error, hint, id, ...select }: SelectFieldProps) {
  const long = options.length >= INLINE_OPTIONS_FROM;
  // React marks the chosen <option> only among options it renders itself: the HTML string carries it.
  const chosen = typeof select.defaultValue === "string" ? select.defaultValue : undefined;
  const html = useMemo(() => (long ? { __html: optionsHtml(options, chosen) } : null), [long, options, chosen]);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(control) =>
        html ? (
          <select {...control} className={controlClassName} {...select} dangerouslySetInnerHTML={html} />
        ) : (
          <select {...control} className={controlClassName} {...select}>
            {options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )
      }
    </FieldFrame>
  );
}
