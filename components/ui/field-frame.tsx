"use client";

import { useId } from "react";

export interface ControlProps {
  id: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

interface FieldFrameProps {
  id?: string;
  label: string;
  hint?: string;
  error?: string;
  /** Renders the control with the id and ARIA wiring that tie it to its label, hint and error. */
  children: (control: ControlProps) => React.ReactNode;
}

/** Label, hint and announced error around one form control. */
export function FieldFrame({ id, label, hint, error, children }: FieldFrameProps) {
  const generated = useId();
  const fieldId = id ?? generated;
  const hintId = hint ? `${fieldId}-hint` : undefined;
  const errorId = error ? `${fieldId}-error` : undefined;
  return (
    // min-w-0: in a grid or flex row, a select's longest option must not widen the field past the screen.
    <div className="mb-4 min-w-0">
      <label htmlFor={fieldId} className="mb-1 block font-medium text-slate-900">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="mb-1 text-sm text-slate-700">
          {hint}
        </p>
      )}
      {children({
        id: fieldId,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") || undefined,
      })}
      {error && (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

export const controlClassName =
  "w-full max-w-md rounded border border-slate-500 bg-white px-3 py-2 text-slate-900 aria-[invalid=true]:border-red-700";
