"use client";

import { createContext, useContext, type FormHTMLAttributes } from "react";
import { useTranslations } from "next-intl";
import { useHydrated } from "@/components/use-hydrated";
import { ScriptNeeded } from "./script-needed";

const ScriptRunning = createContext<boolean | null>(null);

/**
 * A form its own script submits (react-hook-form's `handleSubmit` as `onSubmit`). Until the page's script
 * runs, the browser would submit it by itself — by default as a GET, every field (a password, a TOTP
 * code, a justification) in the address, and so in history, server logs and Referer headers. So it
 * posts, and its submit buttons (`Button`) stay disabled until the script runs, which also stops the
 * Enter key from submitting it; where scripts are off, the form says it needs them. Search forms that are
 * GET by design, and server-action forms, which work without the script, are plain `<form>`s.
 */
export function ClientForm({ children, ...props }: Omit<FormHTMLAttributes<HTMLFormElement>, "method" | "action">) {
  const t = useTranslations("shell");
  const hydrated = useHydrated();
  return (
    <ScriptRunning.Provider value={hydrated}>
      <form method="post" noValidate {...props}>
        <ScriptNeeded message={t("formNeedsScript")} />
        {children}
      </form>
    </ScriptRunning.Provider>
  );
}

/** Inside a `ClientForm`: whether its script runs yet. Anywhere else: true (nothing to wait for). */
export function useFormScriptRunning(): boolean {
  return useContext(ScriptRunning) ?? true;
}
