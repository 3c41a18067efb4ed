"use client";

import { useEffect, useState } from "react";
import { useTranslations } from "next-intl";
import type { AccountLinkPurpose } from "@/db/schema";
import { Notice } from "@/components/ui/notice";
import { ScriptNeeded } from "@/components/ui/script-needed";
import { useFailureText, type MessageValues } from "@/lib/i18n/failure-text";
import { inspectLinkAction } from "./actions";
import { SetPasswordForm } from "./set-password-form";
import { SignInLink } from "./sign-in-link";

type LinkState =
  | { status: "checking" }
  | { status: "usable"; token: string; email: string; displayName: string }
  /** Why not, as a catalogue key (with its values). */
  | { status: "unusable"; message: string; values?: MessageValues };

/** The token of the link this page was opened with: in the fragment (`#token=…`), never sent by the browser. */
function tokenInAddress(): string | null {
  return new URLSearchParams(window.location.hash.slice(1)).get("token");
}

/**
 * Reads the link's secret from the address's fragment, asks the server whether the link still works, and
 * shows the new-password form for its account, or why it cannot be used. A fragment pasted into the
 * address bar of the open page is checked too (it does not reload the page).
 */
export function AccountLinkGate({ purpose }: { purpose: AccountLinkPurpose }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const [state, setState] = useState<LinkState>({ status: "checking" });

  useEffect(() => {
    let current = true;
    const check = async () => {
      const token = tokenInAddress();
      if (!token) {
        setState({ status: "unusable", message: "validation.linkToken" });
        return;
      }
      setState({ status: "checking" });
      const result = await inspectLinkAction(purpose, { token }).catch(() => null);
      if (!current) return;
      if (!result) setState({ status: "unusable", message: "errors.generic" });
      else if (!result.ok) setState({ status: "unusable", message: result.fieldErrors?.token?.[0] ?? result.message, values: result.params });
      else if (!result.data.ok) setState({ status: "unusable", message: `validation.link_${result.data.reason}` });
      else setState({ status: "usable", token, email: result.data.email, displayName: result.data.displayName });
    };
    void check();
    const onHashChange = () => void check();
    window.addEventListener("hashchange", onHashChange);
    return () => {
      current = false;
      window.removeEventListener("hashchange", onHashChange);
    };
  }, [purpose]);

  if (state.status === "usable") {
    return <SetPasswordForm key={state.token} purpose={purpose} token={state.token} email={state.email} displayName={state.displayName} />;
  }
  if (state.status === "unusable") {
    return (
      <Notice kind="error" title={t("accountLinks.unusable")}>
        <p>{failureText(state.message, state.values)}</p>
        <SignInLink />
      </Notice>
    );
  }
  return (
    <>
      <ScriptNeeded message={t("accountLinks.needsScript")} />
      <p role="status" className="text-slate-700">
        {t("accountLinks.checking")}
      </p>
    </>
  );
}
