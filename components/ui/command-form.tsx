"use client";

import { useActionState } from "react";
import type { CommandState } from "@/lib/http/action-result";
import { useFailureText } from "@/lib/i18n/failure-text";

/** How the button looks: a link-like text button or a bordered one, red for what cannot be undone. */
const looks = {
  link: "underline",
  dangerLink: "text-red-800 underline",
  button: "rounded border border-slate-600 px-3 py-1",
  dangerButton: "rounded border border-red-800 px-3 py-1 text-red-800",
} as const;

/**
 * A one-button form (disable a user, revoke a token, end a session…) whose action answers with an
 * ActionResult: the page re-renders with the new state on success, and a refusal — a page gone stale,
 * a rule the service holds — is said next to the button instead of vanishing.
 */
export function CommandForm({
  action,
  fields = {},
  label,
  ariaLabel,
  look = "link",
  className,
}: {
  action: (previous: CommandState, formData: FormData) => Promise<CommandState>;
  /** Hidden fields naming what the command acts on. */
  fields?: Record<string, string>;
  label: string;
  ariaLabel?: string;
  look?: keyof typeof looks;
  className?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failureText = useFailureText();
  return (
    <form action={formAction} className={className}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" aria-label={ariaLabel} disabled={pending} className={`${looks[look]} disabled:opacity-60`}>
        {label}
      </button>
      {state && !state.ok && (
        <p role="alert" className="mt-1 text-sm text-red-800" data-testid="command-refusal">
          {failureText(state.message, state.params)}
        </p>
      )}
    </form>
  );
}
