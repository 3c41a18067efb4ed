"use client";

import { createContext, useContext, useRef, type FormHTMLAttributes } from "react";
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
export function ClientForm({ children, ...props }: Omit<FormHTMLAttributes<HTMLFormElement>, "method" | "action" | "onMouseDownCapture" | "onBlurCapture">) {
  const t = useTranslations("shell");
  const hydrated = useHydrated();
  const blurHeld = useBlurHeldWhilePressed();
  return (
    <ScriptRunning.Provider value={hydrated}>
      <form method="post" noValidate {...props} {...blurHeld}>
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

const fields = "input, textarea, select";

/**
 * Pressing a button of the form takes the focus from the field being edited, and the field's check on
 * leaving it (react-hook-form's `onTouched`) may show an error above the button: the button moves from
 * under the pointer between press and release, and the click is lost — on Submit it would have shown the
 * same error, or sent the form. So while a button of the form is pressed, a field's blur is held, and
 * given to the field once the button is released (after its click, if any): the click lands where it was
 * aimed; a Submit checks the fields itself, a Cancel takes the form away, and a press released elsewhere
 * still has the field checked. The focus moves as the browser moves it; only the field's check waits.
 * A tap on a touch screen arrives as the same mouse press and release, emulated after the finger lifts
 * (e2e: advisory-moves.spec.ts, "on a touch screen").
 */
function useBlurHeldWhilePressed() {
  const pressed = useRef(false);
  const held = useRef<HTMLElement | null>(null);
  const release = () => {
    const field = held.current;
    pressed.current = false;
    held.current = null;
    // The click sent the form, which put the focus back in the field with its error, or removed the form.
    if (!field || !field.isConnected || document.activeElement === field) return;
    field.dispatchEvent(new FocusEvent("focusout", { bubbles: true, relatedTarget: document.activeElement }));
  };
  const onMouseDownCapture = (event: React.MouseEvent<HTMLFormElement>) => {
    if (event.button !== 0 || !(event.target instanceof Element) || !event.target.closest("button")) return;
    pressed.current = true;
    // A click follows its mouseup in the same task: what a timer set on the mouseup does comes after it.
    window.addEventListener("mouseup", () => setTimeout(release, 0), { capture: true, once: true });
  };
  const onBlurCapture = (event: React.FocusEvent<HTMLFormElement>) => {
    if (!pressed.current || !(event.target instanceof HTMLElement) || !event.target.matches(fields)) return;
    held.current = event.target;
    // Stops the focusout before it reaches the field's own onBlur (react-hook-form's check).
    event.stopPropagation();
  };
  return { onMouseDownCapture, onBlurCapture };
}
