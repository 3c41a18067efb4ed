"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { FailureNotice, type FormFailure } from "@/components/ui/form-failure";
import { withdrawDisclosureAction } from "../actions";
import { useFailureText } from "@/lib/i18n/failure-text";

/** Withdrawing, possible before acceptance, asks for confirmation first. */
export function WithdrawPanel({ id }: { id: string }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  // Cancel takes the confirmation, and itself, away: the focus goes back to the button that opened it.
  const cancel = () => {
    setConfirming(false);
    setTimeout(() => startRef.current?.focus(), 0);
  };

  const confirm = () =>
    startTransition(async () => {
      setFailure(null);
      const result = await withdrawDisclosureAction({ id });
      if (result.ok) {
        router.push(`/company/disclosures/${id}?withdrawn=1`);
        return;
      }
      setConfirming(false);
      // The failure notice takes the focus from the confirmation it replaces.
      setFailure({ messages: [failureText(result.message, result.params)], requestId: result.requestId });
    });

  return (
    <>
      <p className="mb-3 text-slate-700">{t("disclosures.withdraw.intro")}</p>
      <FailureNotice title={t("disclosures.withdraw.failed")} failure={failure} />
      {confirming ? (
        <div className="rounded border-2 border-red-700 bg-red-50 p-4" role="group" aria-labelledby="withdraw-confirm">
          <p id="withdraw-confirm" ref={confirmRef} tabIndex={-1} className="mb-3 font-semibold focus:outline-none">
            {t("disclosures.withdraw.confirmBody")}
          </p>
          <div className="flex flex-wrap gap-4">
            <button type="button" onClick={confirm} disabled={pending} className="rounded bg-red-800 px-4 py-2 font-medium text-white hover:bg-red-900">
              {pending ? t("disclosures.withdraw.withdrawing") : t("disclosures.withdraw.confirm")}
            </button>
            <button type="button" onClick={cancel} disabled={pending} className="rounded border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100">
              {t("disclosures.withdraw.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <button ref={startRef} type="button" onClick={() => setConfirming(true)} className="rounded border border-red-700 px-4 py-2 font-medium text-red-800 hover:bg-red-50">
          {t("disclosures.withdraw.start")}
        </button>
      )}
    </>
  );
}
