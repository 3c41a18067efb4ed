"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/textarea-field";
import { ClientForm } from "@/components/ui/client-form";
import { FailureNotice, useRefusal, type FormFailure, type Refusal } from "@/components/ui/form-failure";
import { shownPaths } from "@/components/ui/field-errors";
import { returnAdvisorySchema, withdrawAdvisorySchema } from "@/lib/schemas/advisory";
import type { AdvisoryActionResult } from "@/lib/advisories/action-errors";
import { approveAction, requestApprovalAction, returnAction, withdrawAction } from "../actions";
import { useFailureText } from "@/lib/i18n/failure-text";

type Asked = "approve" | "withdraw" | "return";
/** How a refusal is said: by the reason form (its field errors beside the reason), or by the panel. */
type TakeRefusal = (result: Refusal) => FormFailure | null;

/**
 * The next steps on an advisory that the caller may take: send for approval, approve and publish or return
 * for changes (the revision shown, and no other), withdraw.
 */
export function ActionsPanel(props: {
  id: string;
  revision: number;
  canRequest: boolean;
  canApprove: boolean;
  canReturn: boolean;
  canWithdraw: boolean;
  /** How many companies publishing reaches as the targets stand now, when the caller may be told. */
  reachCount?: number | null;
}) {
  const t = useTranslations();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [asking, setAsking] = useState<Asked | null>(null);
  const approveStart = useRef<HTMLButtonElement>(null);
  const returnStart = useRef<HTMLButtonElement>(null);
  const withdrawStart = useRef<HTMLButtonElement>(null);
  const starts = { approve: approveStart, return: returnStart, withdraw: withdrawStart };
  // The buttons have no field to put an error beside: every error of a move is said in the notice.
  const refusal = useRefusal<Record<string, string>>({ setError: () => undefined, setFocus: () => undefined, fieldFor: () => undefined });

  const run = (action: () => Promise<AdvisoryActionResult<null>>, done: string, take: TakeRefusal = refusal) =>
    startTransition(async () => {
      setFailure(null);
      const result = await action();
      if (result.ok) {
        router.push(`/agency/advisories/${props.id}?${done}=1`);
        router.refresh();
        return;
      }
      setFailure(take(result));
    });

  // Cancelling takes the focused Cancel away with its form: the focus goes back to the button that opened it.
  const cancel = (asked: Asked) => {
    setAsking(null);
    setTimeout(() => starts[asked].current?.focus(), 0);
  };

  return (
    <>
      <FailureNotice title={t("advisories.detail.failed")} failure={failure} />
      <div className="flex flex-wrap items-start gap-4">
        {props.canRequest && (
          <Button type="button" disabled={pending} onClick={() => run(() => requestApprovalAction({ id: props.id }), "requested")}>
            {pending ? t("advisories.detail.requesting") : t("advisories.detail.requestApproval")}
          </Button>
        )}
        {props.canApprove && asking !== "approve" && (
          <div>
            <Button ref={approveStart} type="button" disabled={pending} onClick={() => setAsking("approve")}>
              {t("advisories.detail.approve")}
            </Button>
            <p className="mt-1 max-w-md text-sm text-slate-700">{t("advisories.detail.approveHint")}</p>
          </div>
        )}
        {props.canReturn && asking !== "return" && (
          <button ref={returnStart} type="button" onClick={() => setAsking("return")} className="rounded border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100">
            {t("advisories.detail.returnStart")}
          </button>
        )}
        {props.canWithdraw && asking !== "withdraw" && (
          <button ref={withdrawStart} type="button" onClick={() => setAsking("withdraw")} className="rounded border border-red-700 px-4 py-2 font-medium text-red-800 hover:bg-red-50">
            {t("advisories.detail.withdrawStart")}
          </button>
        )}
      </div>
      {asking === "approve" && (
        <ApproveConfirm
          reachCount={props.reachCount ?? null}
          pending={pending}
          onCancel={() => cancel("approve")}
          onConfirm={() => run(() => approveAction({ id: props.id, approval: { revision: props.revision } }), "approved")}
        />
      )}
      {asking === "return" && (
        <ReasonForm
          key="return"
          schema={returnAdvisorySchema}
          defaults={{ reason: "", revision: props.revision }}
          text={{ legend: t("advisories.detail.returnConfirm"), reason: t("advisories.detail.returnReason"), hint: t("advisories.detail.returnHint"), confirm: t("advisories.detail.returnConfirm"), busy: t("advisories.detail.returning") }}
          pending={pending}
          onCancel={() => cancel("return")}
          onSubmit={(values, take) => run(() => returnAction({ id: props.id, reason: values.reason, revision: values.revision }), "returned", take)}
        />
      )}
      {asking === "withdraw" && (
        <ReasonForm
          key="withdraw"
          danger
          schema={withdrawAdvisorySchema}
          defaults={{ reason: "" }}
          text={{ legend: t("advisories.detail.withdrawConfirm"), reason: t("advisories.detail.withdrawReason"), confirm: t("advisories.detail.withdrawConfirm"), busy: t("advisories.detail.withdrawing") }}
          pending={pending}
          onCancel={() => cancel("withdraw")}
          onSubmit={(values, take) => run(() => withdrawAction({ id: props.id, reason: values.reason }), "withdrawn", take)}
        />
      )}
    </>
  );
}

/**
 * Publishing cannot be taken back and reaches every targeted company at once: the approver confirms it,
 * told how many companies it reaches. The question takes the focus; Cancel gives it back to the button.
 */
function ApproveConfirm(props: { reachCount: number | null; pending: boolean; onCancel: () => void; onConfirm: () => void }) {
  const t = useTranslations("advisories.detail");
  const questionRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => questionRef.current?.focus(), []);
  return (
    <div className="mt-4 rounded border-2 border-brand-700 bg-brand-50 p-4" role="group" aria-labelledby="approve-confirm" data-testid="approve-confirm">
      <p id="approve-confirm" ref={questionRef} tabIndex={-1} className="font-semibold focus:outline-none">
        {t("approveConfirmBody")}
      </p>
      {props.reachCount !== null && <p className="mt-1">{t("approveConfirmReach", { count: props.reachCount })}</p>}
      <div className="mt-3 flex flex-wrap gap-4">
        <Button type="button" disabled={props.pending} onClick={props.onConfirm}>
          {props.pending ? t("approving") : t("approveConfirm")}
        </Button>
        <button type="button" onClick={props.onCancel} disabled={props.pending} className="rounded border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100">
          {t("cancel")}
        </button>
      </div>
    </div>
  );
}

/** What a reason form sends: the reason, and for a return the revision read. */
type ReasonValues = { reason: string; revision?: number };

/** A reason asked for before an advisory is withdrawn or returned: checked by the service's own schema as it is typed. */
function ReasonForm(props: {
  schema: z.ZodType<ReasonValues, ReasonValues>;
  defaults: ReasonValues;
  text: { legend: string; reason: string; hint?: string; confirm: string; busy: string };
  danger?: boolean;
  pending: boolean;
  onCancel: () => void;
  /** Sends the values; a refusal is taken as this form says (the reason's error beside it). */
  onSubmit: (values: ReasonValues, take: TakeRefusal) => void;
}) {
  const t = useTranslations();
  const failureText = useFailureText();
  const groupRef = useRef<HTMLFieldSetElement>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors },
  } = useForm<ReasonValues>({ resolver: zodResolver(props.schema), defaultValues: props.defaults, mode: "onTouched" });
  const refusal = useRefusal({ setError, setFocus, fieldFor: shownPaths("reason"), summary: t("errors.checkFields") });
  useEffect(() => groupRef.current?.querySelector("textarea")?.focus(), []);
  return (
    <ClientForm onSubmit={handleSubmit((values) => props.onSubmit(values, refusal))} className="mt-4">
      <fieldset ref={groupRef} className={`rounded border-2 p-4 ${props.danger ? "border-red-700 bg-red-50" : "border-slate-500 bg-slate-50"}`}>
        <legend className="px-1 font-semibold">{props.text.legend}</legend>
        <TextAreaField
          label={props.text.reason}
          hint={props.text.hint}
          rows={3}
          error={errors.reason?.message ? failureText(errors.reason.message) : undefined}
          {...register("reason")}
        />
        <div className="flex flex-wrap gap-4">
          <Button type="submit" tone={props.danger ? "danger" : "primary"} disabled={props.pending}>
            {props.pending ? props.text.busy : props.text.confirm}
          </Button>
          {/* ClientForm holds the reason's check on leaving it while a button is pressed: no error moves this under the pointer. */}
          <button type="button" onClick={props.onCancel} className="rounded border border-slate-500 bg-white px-4 py-2 font-medium text-slate-900 hover:bg-slate-100">
            {t("advisories.detail.cancel")}
          </button>
        </div>
      </fieldset>
    </ClientForm>
  );
}
