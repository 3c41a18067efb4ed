"use client";

import { useState, useTransition } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { VerificationResult } from "@/lib/audit/verify";
import { sealAction, verifyAction } from "./actions";

export function VerifyPanel() {
  const t = useTranslations("auditVerify");
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<VerificationResult | null>(null);
  const [failed, setFailed] = useState(false);

  const run = () =>
    startTransition(async () => {
      setFailed(false);
      const outcome = await verifyAction();
      if (outcome.ok) setResult(outcome.data);
      else setFailed(true);
    });

  return (
    <div>
      <Button type="button" onClick={run} disabled={pending}>
        {pending ? t("running") : t("run")}
      </Button>
      <div className="mt-4" aria-live="polite">
        {failed && <Notice kind="error" title={t("failed")}>{t("failed")}</Notice>}
        {result && (
          <>
            {result.ok ? (
              <Notice kind="success">{t("sound")}</Notice>
            ) : (
              <Notice kind="error" title={t("tampered")}>
                {t("firstBad", { seq: result.firstBad!.seq, problem: result.firstBad!.problem })}
                <span className="block text-sm">{result.firstBad!.detail}</span>
              </Notice>
            )}
            <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm" data-testid="verification-result">
              <dt className="font-medium">{t("events")}</dt>
              <dd>{result.events}</dd>
              <dt className="font-medium">{t("through")}</dt>
              <dd>{result.checkedThrough}</dd>
              <dt className="font-medium">{t("head")}</dt>
              <dd className="break-all font-mono">{result.headHash}</dd>
              <dt className="font-medium">{t("checkpoints")}</dt>
              <dd>{result.checkpoints}</dd>
              <dt className="font-medium">{t("pending")}</dt>
              <dd>{result.pending}</dd>
            </dl>
          </>
        )}
      </div>
    </div>
  );
}

export function SealPanel() {
  const t = useTranslations("auditVerify");
  const [pending, startTransition] = useTransition();
  const [sealed, setSealed] = useState<{ seq: number; json: string } | null>(null);
  const [failed, setFailed] = useState(false);

  const seal = () =>
    startTransition(async () => {
      setFailed(false);
      const outcome = await sealAction();
      if (outcome.ok) setSealed(outcome.data);
      else setFailed(true);
    });

  return (
    <div>
      <Button type="button" onClick={seal} disabled={pending}>
        {pending ? t("sealing") : t("seal")}
      </Button>
      <div className="mt-4" aria-live="polite">
        {failed && <Notice kind="error" title={t("failed")}>{t("failed")}</Notice>}
        {sealed && (
          <>
            <Notice kind="success">{t("sealed", { seq: sealed.seq })}</Notice>
            <a download={`kakehashi-checkpoint-${sealed.seq}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(sealed.json)}`}>
              {t("download")}
            </a>
            <pre className="mt-3 overflow-x-auto rounded bg-slate-100 p-3 text-xs" data-testid="checkpoint-json">
              {sealed.json}
            </pre>
          </>
        )}
      </div>
    </div>
  );
}
