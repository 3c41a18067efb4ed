"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { withdrawAdvisorySchema } from "@/lib/schemas/advisory";
import type { AdvisoryActionResult } from "@/lib/advisories/action-errors";
import { approveAction, requestApprovalAction, withdrawAction } from "../actions";
import { useFailureText, type MessageValues } from "@/lib/i18n/failure-text";

type Failure = { message: string; params?: MessageValues; requestId?: string };

/** The next steps on an advisory that the caller may take: send for approval, approve and publish (the revision shown, and no other), withdraw. */
export function ActionsPanel(props: { id: string; revision: number; canRequest: boolean; canApprove: boolean; canWithdraw: boolean }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<Failure | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);

  const run = (action: () => Promise<AdvisoryActionResult<null>>, done: string) =>
    startTransition(async () => {
      setFailure(null);
      const result = await action();
      if (result.ok) {
        router.push(`/agency/advisories/${props.id}?${done}=1`);
        router.refresh();
        return;
      }
      setFailure({ message: result.message, params: result.params, requestId: result.requestId });
    });

  return (
    <>
      {failure && (
        <Notice kind="error" title={t("advisories.detail.failed")}>
          {failureText(failure.message, failure.params)}
          {failure.requestId && <span className="block text-sm">{t("errors.reference", { requestId: failure.requestId })}</span>}
        </Notice>
      )}
      <div className="flex flex-wrap items-start gap-4">
        {props.canRequest && (
          <Button type="button" disabled={pending} onClick={() => run(() => requestApprovalAction({ id: props.id }), "requested")}>
            {pending ? t("advisories.detail.requesting") : t("advisories.detail.requestApproval")}
          </Button>
        )}
        {props.canApprove && (
          <div>
            <Button type="button" disabled={pending} onClick={() => run(() => approveAction({ id: props.id, approval: { revision: props.revision } }), "approved")}>
              {pending ? t("advisories.detail.approving") : t("advisories.detail.approve")}
            </Button>
            <p className="mt-1 max-w-md text-sm text-slate-700">{t("advisories.detail.approveHint")}</p>
          </div>
        )}
        {props.canWithdraw && !withdrawing && (
          <button type="button" onClick={() => setWithdrawing(true)} className="rounded border border-red-700 px-4 py-2 font-medium text-red-800 hover:bg-red-50">
            {t("advisories.detail.withdrawStart")}
          </button>
        )}
      </div>
      {withdrawing && <WithdrawForm id={props.id} pending={pending} onCancel={() => setWithdrawing(false)} run={run} />}
    </>
  );
}

type WithdrawValues = z.input<typeof withdrawAdvisorySchema>;

function WithdrawForm({ id, pending, onCancel, run }: { id: string; pending: boolean; onCancel: () => void; run: (action: () => Promise<AdvisoryActionResult<null>>, done: string) => void }) {
  const t = useTranslations();
  const groupRef = useRef<HTMLFieldSetElement>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<WithdrawValues>({ resolver: zodResolver(withdrawAdvisorySchema), defaultValues: { reason: "" }, mode: "onTouched" });
  useEffect(() => groupRef.current?.querySelector("textarea")?.focus(), []);
  return (
    <ClientForm onSubmit={handleSubmit((values) => run(() => withdrawAction({ id, reason: values.reason }), "withdrawn"))} className="mt-4">
      <fieldset ref={groupRef} className="rounded border-2 border-red-700 bg-red-50 p-4">
        <legend className="px-1 font-semibold">{t("advisories.detail.withdrawConfirm")}</legend>
        <TextAreaField label={t("advisories.detail.withdrawReason")} rows={3} error={errors.reason?.message ? t(errors.reason.message as "validation.required") : undefined} {...register("reason")} />
        <div className="flex flex-wrap gap-4">
          <Button type="submit" tone="danger" disabled={pending}>
            {pending ? t("advisories.detail.withdrawing") : t("advisories.detail.withdrawConfirm")}
          </Button>
          <button type="button" onClick={onCancel} className="rounded border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100">
            {t("advisories.detail.cancel")}
          </button>
        </div>
      </fieldset>
    </ClientForm>
  );
}
