"use client";

import { useFormScriptRunning } from "./client-form";

/** The portal's button. A submit button of a `ClientForm` is disabled until the form's script runs. */
export function Button({ className = "", disabled, type, ...props }: React.ButtonHTMLAttributes<HTMLButtonElement>) {
  const scriptRunning = useFormScriptRunning();
  return (
    <button
      className={`rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-70 ${className}`}
      type={type}
      disabled={disabled || (type !== "button" && type !== "reset" && !scriptRunning)}
      {...props}
    />
  );
}
