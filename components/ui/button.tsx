"use client";

import { useFormScriptRunning } from "./client-form";

const tones = {
  primary: "bg-brand-700 hover:bg-brand-800",
  danger: "bg-red-800 hover:bg-red-900",
} as const;

/**
 * A button that reads as a link (a row's command, "Start over" beside a form's button): underlined text, in
 * a box at least 24 px high, so that it is a target of the size WCAG 2.2 asks for (SC 2.5.8) in a line of
 * small print or a table's row as well.
 */
export const textButtonLooks = {
  plain: "inline-flex min-h-6 items-center underline",
  danger: "inline-flex min-h-6 items-center text-red-800 underline",
} as const;

type ButtonProps = React.ComponentProps<"button"> & { tone?: keyof typeof tones };

/** The portal's button. A submit button of a `ClientForm` is disabled until the form's script runs. */
export function Button({ className = "", tone = "primary", disabled, type, ...props }: ButtonProps) {
  const scriptRunning = useFormScriptRunning();
  return (
    <button
      className={`rounded px-4 py-2 font-medium text-white disabled:opacity-70 ${tones[tone]} ${className}`}
      type={type}
      disabled={disabled || (type !== "button" && type !== "reset" && !scriptRunning)}
      {...props}
    />
  );
}
