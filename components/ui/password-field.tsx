"use client";

import { useState } from "react";
import { controlClassName, FieldFrame } from "./field-frame";

interface PasswordFieldProps extends Omit<React.InputHTMLAttributes<HTMLInputElement>, "type"> {
  label: string;
  error?: string;
  hint?: string;
  /** The toggle's words, from the catalogue: its visible text and its accessible name, which names the field. */
  toggle: { show: string; hide: string; showLabel: string; hideLabel: string };
  /** Shown under the field, inside its frame (the strength meter of a new password). */
  children?: React.ReactNode;
}

/**
 * A password input whose owner may reveal what they typed (ASVS V2.1.12), so that a long passphrase can
 * be checked before it is sent. Paste and password managers work as in any password field.
 */
export function PasswordField({ label, error, hint, id, toggle, children, className = "", ...input }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <>
          <div className="flex max-w-md items-stretch gap-2">
            <input {...control} type={visible ? "text" : "password"} spellCheck={false} autoCapitalize="off" className={`${controlClassName} ${className}`} {...input} />
            <button
              type="button"
              className="shrink-0 rounded border border-slate-500 bg-white px-3 text-sm font-medium text-slate-900 hover:bg-slate-100"
              aria-controls={control.id}
              aria-label={visible ? toggle.hideLabel : toggle.showLabel}
              onClick={() => setVisible((v) => !v)}
            >
              {visible ? toggle.hide : toggle.show}
            </button>
          </div>
          {children}
        </>
      )}
    </FieldFrame>
  );
}
