"use client";

import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { Notice } from "@/components/ui/notice";
import { EnrolForm, SecondFactorForm } from "./account-forms";

/**
 * The second-factor card's contents. Setting up or removing the authenticator re-renders the page with the
 * other form, which takes the pressed button and any notice of that form with it: what was done is said in
 * a status region that stays across both, and the focus goes there.
 */
export function SecondFactorCard({ enrolled, required, recoveryCodesLeft }: { enrolled: boolean; required: boolean; recoveryCodesLeft: number }) {
  const t = useTranslations();
  const status = useRef<HTMLDivElement>(null);
  // A count, so that setting up again after a removal is said, and focused, again.
  const [said, setSaid] = useState<{ what: "enrolled" | "removed"; count: number } | null>(null);
  const say = (what: "enrolled" | "removed") => setSaid((last) => ({ what, count: (last?.count ?? 0) + 1 }));
  useEffect(() => {
    if (said) status.current?.focus();
  }, [said]);
  return (
    <>
      <div ref={status} role="status" tabIndex={-1} className="focus:outline-none">
        {said?.what === "enrolled" && (
          <Notice key={said.count} kind="success" live={false} title={t("account.mfaEnabled")}>
            {t("account.mfaEnabledText")}
          </Notice>
        )}
        {said?.what === "removed" && (
          <Notice key={said.count} kind="success" live={false}>
            {t("commandDone.authenticatorRemoved")}
          </Notice>
        )}
      </div>
      {enrolled ? (
        <>
          <p className="mb-3">{t("account.mfaOnText", { count: recoveryCodesLeft })}</p>
          <SecondFactorForm canRemove={!required} onRemoved={() => say("removed")} />
        </>
      ) : (
        <>
          <p className="mb-3">{required ? t("account.mfaRequiredText") : t("account.mfaOffText")}</p>
          <EnrolForm onEnrolled={() => say("enrolled")} />
        </>
      )}
    </>
  );
}
