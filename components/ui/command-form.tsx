"use client";

import { createContext, use, useActionState, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { CommandState } from "@/lib/http/action-result";
import { useFailureText } from "@/lib/i18n/failure-text";
import { textButtonLooks } from "./button";

/** How the button looks: a link-like text button or a bordered one, red for what cannot be undone. */
const looks = {
  link: textButtonLooks.plain,
  dangerLink: textButtonLooks.danger,
  button: "rounded border border-slate-600 px-3 py-1",
  dangerButton: "rounded border border-red-800 px-3 py-1 text-red-800",
} as const;

/** A command sent from inside a CommandStatus: its form, and what its success says. */
type Sent = { form: HTMLFormElement; done: string };

/** The CommandStatus around a form: says what a command did, and knows the command last sent. */
const StatusContext = createContext<{ settle: (form: HTMLFormElement | null, ok: boolean) => void } | null>(null);

/**
 * A live region that stays on the page while the commands inside it come and go: a command that succeeds
 * often takes its own button away (Disable becomes Enable, a session's row goes), so what it did is said
 * here and the focus comes here, instead of falling to the page's start. Such a command cannot say so
 * itself (its form is gone with its state): once the form last sent is no longer on the page, it succeeded
 * — a refusal leaves the form in place, saying why — and its words are said here.
 */
export function CommandStatus({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const sent = useRef<Sent | null>(null);
  // A count, so that the same sentence twice (two sessions signed out) is said, and focused, again.
  const [said, setSaid] = useState<{ text: string; count: number } | null>(null);
  const say = useCallback((text: string) => setSaid((last) => ({ text, count: (last?.count ?? 0) + 1 })), []);
  // After every render (the page's refresh after a command re-renders the children): the form sent, gone.
  useEffect(() => {
    const last = sent.current;
    if (last && !last.form.isConnected) {
      sent.current = null;
      say(last.done);
    }
  });
  useEffect(() => {
    if (said) ref.current?.focus();
  }, [said]);
  // An answer reached its form, which is still on the page: a success is said in the words the form held
  // when it was sent (a Disable form may be an Enable form by now, the same one re-rendered).
  const settle = useCallback(
    (form: HTMLFormElement | null, ok: boolean) => {
      const last = sent.current;
      if (!last || last.form !== form) return;
      sent.current = null;
      if (ok) say(last.done);
    },
    [say],
  );
  const status = useMemo(() => ({ settle }), [settle]);
  const remember = (event: React.FormEvent) => {
    const form = event.target as HTMLFormElement;
    sent.current = form.dataset.done ? { form, done: form.dataset.done } : null;
  };
  return (
    <StatusContext value={status}>
      <div ref={ref} role="status" tabIndex={-1} className="focus:outline-none" data-testid="command-status">
        {said && (
          <p key={said.count} className="mb-3 rounded border-l-4 border-green-700 bg-green-50 px-4 py-2 text-green-900">
            {said.text}
          </p>
        )}
      </div>
      <div className="contents" onSubmitCapture={remember}>
        {children}
      </div>
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
  const status = use(StatusContext);
  // The server action itself, so that the form works before (or without) the page's script.
  const [state, formAction, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  // An answer to this form, which is still on the page: a success is said by the CommandStatus, a refusal below.
  useEffect(() => {
    if (state) status?.settle(form.current, state.ok);
  }, [state, status]);
  const failureText = useFailureText();
  return (
    <form ref={form} action={formAction} className={className} data-done={done}>
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
      {done && !status && (
        <p role="status" className="mt-1 text-sm text-green-900" data-testid="command-done">
          {state?.ok ? done : null}
        </p>
      )}
    </form>
  );
}
