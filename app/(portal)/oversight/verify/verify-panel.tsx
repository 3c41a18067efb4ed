"use client";

import { useState, useTransition } from "react";
import { useLocale, useTranslations } from "next-intl";
import { verificationProblem } from "@/components/audit/verification-problem";
import { Button } from "@/components/ui/button";
import { FailureNotice, type FormFailure } from "@/components/ui/form-failure";
import { Notice } from "@/components/ui/notice";
import { ScrollRegion } from "@/components/ui/scroll-region";
import type { VerificationResult } from "@/lib/audit/verify";
import { useFailureText } from "@/lib/i18n/failure-text";
import { formatList } from "@/lib/i18n/format";
import type { ActionResult } from "@/lib/http/action-result";
import { sealAction, verifyAction } from "./actions";

/** Why a request of the panel failed (an outage, a refusal), in the reader's language, with its reference. */
function useRequestFailure() {
  const failureText = useFailureText();
  return (outcome: Extract<ActionResult<unknown>, { ok: false }>): FormFailure => ({ messages: [failureText(outcome.message, outcome.params)], requestId: outcome.requestId });
}

/** The checkpoint files an auditor chose, parsed, or the name of the first that is not JSON. */
async function parsedFiles(files: File[]): Promise<{ checkpoints: unknown[] } | { notJson: string }> {
  const checkpoints: unknown[] = [];
  for (const file of files) {
    try {
      checkpoints.push(JSON.parse(await file.text()));
    } catch {
      return { notJson: file.name };
    }
  }
  return { checkpoints };
}

export function VerifyPanel() {
  const t = useTranslations("auditVerify");
  const locale = useLocale();
  const requestFailure = useRequestFailure();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<VerificationResult | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);

  const run = () =>
    startTransition(async () => {
      setFailure(null);
      setFileError(null);
      const read = await parsedFiles(files);
      if ("notJson" in read) return setFileError(t("keptNotJson", { file: read.notJson }));
      const outcome = await verifyAction({ checkpoints: read.checkpoints });
      if (outcome.ok) return setResult(outcome.data);
      // A file the server does not take for a checkpoint is named (its errors' paths are checkpoints.<index>…).
      const bad = Object.keys(outcome.fieldErrors ?? {})
        .map((path) => /^checkpoints\.(\d+)/.exec(path))
        .find((m) => m !== null);
      if (bad) return setFileError(t("keptNotCheckpoint", { file: files[Number(bad[1])]?.name ?? "" }));
      if (outcome.fieldErrors?.checkpoints) return setFileError(t("keptTooMany"));
      setFailure(requestFailure(outcome));
    });

  const problem = result ? verificationProblem(result) : null;
  return (
    <div>
      <div className="mb-4">
        <label htmlFor="kept-checkpoints" className="block font-medium">
          {t("keptLabel")}
        </label>
        <p id="kept-checkpoints-hint" className="text-sm text-slate-700">
          {t("keptHint")}
        </p>
        <input
          id="kept-checkpoints"
          type="file"
          multiple
          accept="application/json,.json"
          aria-describedby={fileError ? "kept-checkpoints-hint kept-checkpoints-error" : "kept-checkpoints-hint"}
          aria-invalid={fileError ? true : undefined}
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))}
          className="mt-1 block max-w-full"
        />
        {fileError && (
          <p id="kept-checkpoints-error" className="mt-1 text-sm font-medium text-red-800">
            {fileError}
          </p>
        )}
      </div>
      <Button type="button" onClick={run} disabled={pending}>
        {pending ? t("running") : t("run")}
      </Button>
      <div className="mt-4" aria-live="polite">
        <FailureNotice title={t("failed")} failure={failure} />
        {result && (
          <>
            {result.ok ? (
              <Notice kind="success" live={false}>
                {t("sound")}
              </Notice>
            ) : (
              <Notice kind="error" title={t("tampered")}>
                <p className="font-medium">{t(result.firstBad!.problem === "checkpoint_mismatch" ? "mismatchAt" : "firstBad", { seq: result.firstBad!.seq })}</p>
                {problem && <p data-testid="verification-problem">{t(problem.key as "problems.other", problem.values as { seq: number })}</p>}
                {result.badCheckpoints.length > 0 && (
                  <p data-testid="verification-bad-checkpoints">
                    {t("badCheckpoints", { seqs: formatList(locale, result.badCheckpoints.map((c) => String(c.seq))) })}
                  </p>
                )}
              </Notice>
            )}
            <dl className="grid grid-cols-1 sm:grid-cols-[max-content_minmax(0,1fr)] gap-x-6 gap-y-1 text-sm" data-testid="verification-result">
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
  const requestFailure = useRequestFailure();
  const [pending, startTransition] = useTransition();
  const [sealed, setSealed] = useState<{ seq: number; json: string } | null>(null);
  const [failure, setFailure] = useState<FormFailure | null>(null);

  const seal = () =>
    startTransition(async () => {
      setFailure(null);
      const outcome = await sealAction();
      if (outcome.ok) setSealed(outcome.data);
      else setFailure(requestFailure(outcome));
    });

  return (
    <div>
      <Button type="button" onClick={seal} disabled={pending}>
        {pending ? t("sealing") : t("seal")}
      </Button>
      <div className="mt-4" aria-live="polite">
        <FailureNotice title={t("failed")} failure={failure} />
        {sealed && (
          <>
            <Notice kind="success" live={false}>
              {t("sealed", { seq: sealed.seq })}
            </Notice>
            <a download={`kakehashi-checkpoint-${sealed.seq}.json`} href={`data:application/json;charset=utf-8,${encodeURIComponent(sealed.json)}`}>
              {t("download")}
            </a>
            <ScrollRegion label={t("checkpointJson", { seq: sealed.seq })} className="mt-3 rounded bg-slate-100">
              <pre className="p-3 text-xs" data-testid="checkpoint-json">
                {sealed.json}
              </pre>
            </ScrollRegion>
          </>
        )}
      </div>
    </div>
  );
}
