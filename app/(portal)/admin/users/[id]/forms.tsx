"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { SuccessRegion } from "@/components/ui/notice";
import { SelectField } from "@/components/ui/select-field";
import { useHydrated } from "@/components/use-hydrated";
import { ClientForm } from "@/components/ui/client-form";
import { shownFields } from "@/components/ui/shown-fields";
import { shownPaths } from "@/components/ui/field-errors";
import { FailureNotice, type FormFailure } from "@/components/ui/form-failure";
import { useActionForm } from "@/components/ui/action-form";
import { assignmentSchema, roleChangeSchema, type AssignmentInput, type RoleChangeInput } from "@/lib/schemas/admin";
import { changeRoleAction, setAssignmentsAction } from "../actions";
import { useFailureText } from "@/lib/i18n/failure-text";

type Option = { value: string; label: string };

/**
 * A saved change says so; a refused one says why: beside the fields it shows (which take the focus), and
 * in the notice for what no field shows — the user the page is about (a hidden id), a rule of the
 * service, an outage.
 */
function Outcome({ saved, failure }: { saved: string | null; failure: FormFailure | null }) {
  const t = useTranslations();
  return (
    <>
      <SuccessRegion title={t("admin.saved")}>{saved}</SuccessRegion>
      <FailureNotice title={t("admin.notSaved")} failure={failure} />
    </>
  );
}

/** Changes a user's role; the user's sessions end with it (the page says so). */
export function RoleForm({ userId, role, roles }: { userId: string; role: string; roles: Option[] }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const defaultValues = { userId, role: role as RoleChangeInput["role"] };
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: roleChangeSchema,
    defaultValues,
    fieldFor: shownPaths("role"),
    summary: t("errors.checkFields"),
    action: changeRoleAction,
  });
  const { register } = form;
  const { errors } = form.formState;
  const shown = shownFields(register, defaultValues);
  return (
    <ClientForm onSubmit={onSubmit}>
      <Outcome saved={done && t("admin.roleChanged")} failure={failure} />
      <input type="hidden" {...register("userId")} />
      <SelectField
        label={t("admin.role")}
        hint={t("admin.roleHint")}
        options={roles}
        error={errors.role?.message ? failureText(errors.role.message) : undefined}
        {...shown.value("role")}
      />
      <Button type="submit" disabled={pending}>
        {t("admin.changeRole")}
      </Button>
    </ClientForm>
  );
}

/** The critical products an agency user is assigned to, as checkboxes. */
export function AssignmentsForm({ userId, assigned, products }: { userId: string; assigned: string[]; products: Option[] }) {
  const t = useTranslations();
  const failureText = useFailureText();
  const defaultValues = { userId, productCodes: assigned as AssignmentInput["productCodes"] };
  const { form, pending, done, failure, onSubmit } = useActionForm({
    schema: assignmentSchema,
    defaultValues,
    // An error on one of the list's entries (`productCodes.2`) is said for the list.
    fieldFor: (path) => (path === "productCodes" || path.startsWith("productCodes.") ? "productCodes" : undefined),
    summary: t("errors.checkFields"),
    action: setAssignmentsAction,
  });
  const { register } = form;
  const { errors } = form.formState;
  const shown = shownFields(register, defaultValues);
  // The boxes show the saved assignments from the first paint, and can be changed only once the form's
  // script runs: react-hook-form sets them from its defaults when it starts, which undid a change made
  // before (a box unticked in the server's page was ticked again, and the old assignments saved).
  const hydrated = useHydrated();
  const productsError = errors.productCodes?.message ?? errors.productCodes?.root?.message;
  return (
    <ClientForm onSubmit={onSubmit}>
      <Outcome saved={done && t("admin.assignmentsSaved")} failure={failure} />
      <input type="hidden" {...register("userId")} />
      <fieldset className="mb-4" disabled={!hydrated} aria-describedby={productsError ? "assignments-error" : undefined}>
        <legend className="mb-2 font-medium">{t("admin.assignmentsLegend")}</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {products.map((p) => (
            <label key={p.value} className="flex items-center gap-2">
              <input type="checkbox" aria-invalid={productsError ? true : undefined} {...shown.choice("productCodes", p.value)} />
              {p.label}
            </label>
          ))}
        </div>
        {productsError && (
          <p id="assignments-error" className="mt-1 text-sm font-medium text-red-800">
            {failureText(productsError)}
          </p>
        )}
      </fieldset>
      <Button type="submit" disabled={pending}>
        {t("admin.saveAssignments")}
      </Button>
    </ClientForm>
  );
}
