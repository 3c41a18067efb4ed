"use client";

import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { useHydrated } from "@/components/use-hydrated";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { assignmentSchema, roleChangeSchema, type AssignmentInput, type RoleChangeInput } from "@/lib/schemas/admin";
import type { ActionResult } from "@/lib/http/action-result";
import { changeRoleAction, setAssignmentsAction } from "../actions";
import { useFailureText } from "@/lib/i18n/failure-text";

type Option = { value: string; label: string };

function useOutcome() {
  const t = useTranslations();
  const failureText = useFailureText();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const show = (result: ActionResult<unknown>, done: string) => {
    if (result.ok) setOutcome({ ok: true, text: done });
    else setOutcome({ ok: false, text: result.fieldErrors ? t("admin.checkFields") : failureText(result.message, result.params) });
  };
  const notice = outcome && (
    <Notice kind={outcome.ok ? "success" : "error"} title={outcome.ok ? t("admin.saved") : t("admin.notSaved")}>
      {outcome.text}
    </Notice>
  );
  return { show, notice };
}

/** Changes a user's role; the user's sessions end with it (the page says so). */
export function RoleForm({ userId, role, roles }: { userId: string; role: string; roles: Option[] }) {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const { show, notice } = useOutcome();
  const defaultValues = { userId, role: role as RoleChangeInput["role"] };
  const { register, handleSubmit } = useForm<RoleChangeInput>({ resolver: zodResolver(roleChangeSchema), defaultValues });
  const shown = shownFields(register, defaultValues);
  const onSubmit = handleSubmit((values) => startTransition(async () => show(await changeRoleAction(values), t("admin.roleChanged"))));
  return (
    <ClientForm onSubmit={onSubmit}>
      {notice}
      <input type="hidden" {...register("userId")} />
      <SelectField label={t("admin.role")} hint={t("admin.roleHint")} options={roles} {...shown.value("role")} />
      <Button type="submit" disabled={pending}>
        {t("admin.changeRole")}
      </Button>
    </ClientForm>
  );
}

/** The critical products an agency user is assigned to, as checkboxes. */
export function AssignmentsForm({ userId, assigned, products }: { userId: string; assigned: string[]; products: Option[] }) {
  const t = useTranslations();
  const [pending, startTransition] = useTransition();
  const { show, notice } = useOutcome();
  const defaultValues = { userId, productCodes: assigned as AssignmentInput["productCodes"] };
  const { register, handleSubmit } = useForm<AssignmentInput>({ resolver: zodResolver(assignmentSchema), defaultValues });
  const shown = shownFields(register, defaultValues);
  const onSubmit = handleSubmit((values) => startTransition(async () => show(await setAssignmentsAction(values), t("admin.assignmentsSaved"))));
  // The boxes show the saved assignments from the first paint, and can be changed only once the form's
  // script runs: react-hook-form sets them from its defaults when it starts, which undid a change made
  // before (a box unticked in the server's page was ticked again, and the old assignments saved).
  const hydrated = useHydrated();
  return (
    <ClientForm onSubmit={onSubmit}>
      {notice}
      <input type="hidden" {...register("userId")} />
      <fieldset className="mb-4" disabled={!hydrated}>
        <legend className="mb-2 font-medium">{t("admin.assignmentsLegend")}</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {products.map((p) => (
            <label key={p.value} className="flex items-center gap-2">
              <input type="checkbox" {...shown.choice("productCodes", p.value)} />
              {p.label}
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="submit" disabled={pending}>
        {t("admin.saveAssignments")}
      </Button>
    </ClientForm>
  );
}
