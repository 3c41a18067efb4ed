"use client";

import { useFormScriptRunning } from "./client-form";

const tones = {
  primary: "bg-brand-700 hover:bg-brand-800",
  danger: "bg-red-800 hover:bg-red-900",
} as const;

type ButtonProps = React.ButtonHTMLAttributes<HTMLButtonElement> & { tone?: keyof typeof tones };

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
