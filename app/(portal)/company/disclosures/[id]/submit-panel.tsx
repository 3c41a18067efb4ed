"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { Disclosure } from "@/lib/schemas/disclosure";
import { submitDisclosureAction } from "../actions";
import { useFailureText } from "@/lib/i18n/failure-text";

interface Props {
  id: string;
  revision: number;
  nextVersion: number;
  dirty: boolean;
  itemCount: number;
  validate: () => Promise<boolean>;
  onStale: (current: Disclosure) => void;
  onFieldErrors: (fieldErrors: Record<string, string[]>) => void;
}

type Problem = "unsaved" | "noItems" | "invalid" | { message: string; requestId?: string };

/** Submitting freezes the saved draft as the next version: only after an explicit confirmation. */
export function SubmitPanel({ id, revision, nextVersion, dirty, itemCount, validate, onStale, onFieldErrors }: Props) {
  const t = useTranslations();
  const failureText = useFailureText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  const problemRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  // A refused submission (the only problem that is not one of the checks before confirming) takes the
  // confirmation away with the focused button: the focus goes to what was refused, not to the page's start.
  useEffect(() => {
    if (problem && typeof problem === "object") problemRef.current?.focus();
  }, [problem]);

  const start = async () => {
    setProblem(null);
    if (dirty) return setProblem("unsaved");
    if (itemCount === 0) return setProblem("noItems");
    if (!(await validate())) return setProblem("invalid");
    setConfirming(true);
  };

  const cancel = () => {
    setConfirming(false);
    setTimeout(() => startRef.current?.focus(), 0);
  };

  const confirm = () =>
    startTransition(async () => {
      const result = await submitDisclosureAction({ id, revision });
      if (result.ok) {
        router.push(`/company/disclosures/${id}?submitted=${result.data.latestVersion}`);
        return;
      }
      setConfirming(false);
      if (result.code === "stale" && result.current) return onStale(result.current as Disclosure);
      if (result.fieldErrors) {
        onFieldErrors(result.fieldErrors);
        return setProblem("invalid");
      }
      setProblem({ message: failureText(result.message, result.params), requestId: result.requestId });
    });

  const problemText = (p: Problem) => {
    if (typeof p === "string") return t(`disclosures.submit.${p}`);
    return p.message;
  };

  return (
    <section className="mt-8 border-t border-slate-300 pt-4" aria-labelledby="submit-heading">
      <h3 id="submit-heading" className="mb-2 text-base font-semibold text-slate-900">
        {t("disclosures.submit.heading")}
      </h3>
      <p className="mb-3 text-sm text-slate-700">{t("disclosures.submit.intro", { number: nextVersion })}</p>
      <div ref={problemRef} tabIndex={-1} className="focus:outline-none">
        {problem && (
          <Notice kind="error" title={t("disclosures.submit.failed")}>
            {problemText(problem)}
            {typeof problem === "object" && problem.requestId && <span className="block text-sm">{t("errors.reference", { requestId: problem.requestId })}</span>}
          </Notice>
        )}
      </div>
      {confirming ? (
        <div className="rounded border-2 border-brand-700 bg-brand-50 p-4" role="group" aria-labelledby="submit-confirm-heading">
          <h4 id="submit-confirm-heading" ref={confirmRef} tabIndex={-1} className="mb-2 font-semibold text-slate-900 focus:outline-none">
            {t("disclosures.submit.confirmHeading", { number: nextVersion })}
          </h4>
          <p className="mb-3">{t("disclosures.submit.confirmBody")}</p>
          <div className="flex flex-wrap gap-4">
            <Button type="button" onClick={confirm} disabled={pending}>
              {pending ? t("disclosures.submit.submitting") : t("disclosures.submit.confirm", { number: nextVersion })}
            </Button>
            <button type="button" onClick={cancel} disabled={pending} className="rounded border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100">
              {t("disclosures.submit.cancel")}
            </button>
          </div>
        </div>
      ) : (
        <button ref={startRef} type="button" onClick={() => void start()} className="rounded border border-brand-700 px-4 py-2 font-medium text-brand-800 hover:bg-brand-50">
          {t("disclosures.submit.start")}
        </button>
      )}
    </section>
  );
}
