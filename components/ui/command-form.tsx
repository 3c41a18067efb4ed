"use client";

import { createContext, use, useCallback, useActionState, useEffect, useRef, useState } from "react";
import type { CommandState } from "@/lib/http/action-result";
import { useFailureText } from "@/lib/i18n/failure-text";

/** How the button looks: a link-like text button or a bordered one, red for what cannot be undone. */
const looks = {
  link: "underline",
  dangerLink: "text-red-800 underline",
  button: "rounded border border-slate-600 px-3 py-1",
  dangerButton: "rounded border border-red-800 px-3 py-1 text-red-800",
} as const;

/** Says what a command did, in the CommandStatus around it. */
const StatusContext = createContext<((text: string) => void) | null>(null);

/**
 * A live region that stays on the page while the commands inside it come and go: a command that succeeds
 * often takes its own button away (Disable becomes Enable, a session's row goes), so what it did is said
 * here and the focus comes here, instead of falling to the page's start.
 */
export function CommandStatus({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  // A count, so that the same sentence twice (two sessions signed out) is said, and focused, again.
  const [said, setSaid] = useState<{ text: string; count: number } | null>(null);
  const say = useCallback((text: string) => setSaid((last) => ({ text, count: (last?.count ?? 0) + 1 })), []);
  useEffect(() => {
    if (said) ref.current?.focus();
  }, [said]);
  return (
    <StatusContext value={say}>
      <div ref={ref} role="status" tabIndex={-1} className="focus:outline-none" data-testid="command-status">
        {said && (
          <p key={said.count} className="mb-3 rounded border-l-4 border-green-700 bg-green-50 px-4 py-2 text-green-900">
            {said.text}
          </p>
        )}
      </div>
      {children}
    </StatusContext>
  );
}

/**
 * A one-button form (disable a user, revoke a token, end a session…) whose action answers with an
 * ActionResult: the page re-renders with the new state on success, and a refusal — a page gone stale,
 * a rule the service holds — is said next to the button instead of vanishing. `done` is what a success
 * says: in the CommandStatus around the form (which takes the focus), else beside the button.
 */
export function CommandForm({
  action,
  fields = {},
  label,
  ariaLabel,
  done,
  look = "link",
  className,
}: {
  action: (previous: CommandState, formData: FormData) => Promise<CommandState>;
  /** Hidden fields naming what the command acts on. */
  fields?: Record<string, string>;
  label: string;
  ariaLabel?: string;
  done?: string;
  look?: keyof typeof looks;
  className?: string;
}) {
  const say = use(StatusContext);
  const [state, formAction, pending] = useActionState(async (previous: CommandState, formData: FormData) => {
    const next = await action(previous, formData);
    if (next?.ok && done && say) say(done);
    return next;
  }, null);
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
      {done && !say && (
        <p role="status" className="mt-1 text-sm text-green-900" data-testid="command-done">
          {state?.ok ? done : null}
        </p>
      )}
    </form>
  );
}
