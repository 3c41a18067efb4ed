import "./jitless";
import { z } from "zod";
import { typedCode, writtenText } from "./text";
import { organisationTypes, roles, type OrganisationType, type Role } from "@/db/schema";
import { isValidCorporateNumber } from "@/lib/corporate-number";
import { productCodeSchema } from "./profile";

// Messages are catalogue keys; forms translate them, the API renders them in English.

/** Which roles an organisation of each type may give its users. */
export const rolesForOrganisationType: Record<OrganisationType, readonly Role[]> = {
  company: ["company_officer", "company_admin"],
  agency: ["agency_reviewer", "agency_approver"],
  audit_body: ["auditor"],
  operator: ["platform_admin"],
};

export const roleSchema = z.enum(roles, { error: "validation.role" });

const organisationName = writtenText({ max: 200, min: 1 });
const email = typedCode().pipe(z.string().toLowerCase().min(1, "validation.required").max(320, "validation.tooLong").email("validation.email"));
// A person's name, as the platform's own emails print it at the top of an invitation: never line breaks,
// control or bidirectional-formatting characters, nor a web address (a company admin may invite anyone).
const displayName = z
  .string()
  .trim()
  .min(1, "validation.required")
  .max(200, "validation.tooLong")
  .refine((name) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(name) && !/:\/\/|\bwww\./i.test(name), "validation.personName");

export const organisationCreateSchema = z
  .object({
    type: z.enum(organisationTypes, { error: "validation.organisationType" }),
    nameEn: organisationName,
    nameJa: organisationName,
    corporateNumber: typedCode().pipe(z.string().max(13, "validation.corporateNumber")).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const number = value.corporateNumber ?? "";
    if (value.type === "company" && !isValidCorporateNumber(number)) {
      ctx.addIssue({ code: "custom", path: ["corporateNumber"], message: "validation.corporateNumber" });
    }
    if (value.type !== "company" && number !== "") {
      ctx.addIssue({ code: "custom", path: ["corporateNumber"], message: "validation.corporateNumberCompaniesOnly" });
    }
  });
export type OrganisationCreateInput = z.infer<typeof organisationCreateSchema>;

export const invitationSchema = z
  .object({
    email,
    displayName,
    organisationId: z.uuid("validation.organisation"),
    role: roleSchema,
  })
  .strict();
export type InvitationInput = z.infer<typeof invitationSchema>;

/** The first platform admin of a fresh installation, and the operator organisation it belongs to (`npm run admin:bootstrap`). */
export const bootstrapSchema = z.object({ email, displayName, operatorNameEn: organisationName, operatorNameJa: organisationName }).strict();
export type BootstrapInput = z.infer<typeof bootstrapSchema>;

export const roleChangeSchema = z.object({ userId: z.uuid("validation.uuid"), role: roleSchema }).strict();
export type RoleChangeInput = z.infer<typeof roleChangeSchema>;

export const assignmentSchema = z
  .object({
    userId: z.uuid("validation.uuid"),
    productCodes: z
      .array(productCodeSchema)
      .max(60, "validation.tooMany")
      .refine((codes) => new Set(codes).size === codes.length, "validation.duplicateProduct"),
  })
  .strict();
export type AssignmentInput = z.infer<typeof assignmentSchema>;

// A day of the calendar (not 2026-02-30), from year 1: PostgreSQL's dates have no year 0.
const isoDate = z
  .string()
  .trim()
  .pipe(z.iso.date("validation.date"))
  .refine((day) => day >= "0001-01-01", "validation.date");

const conflictDeclarationFields = z
  .object({
    /** The agency user the conflict is declared for; absent when agency staff declare their own. */
    userId: z.uuid("validation.uuid").optional(),
    companyId: z.uuid("validation.organisation"),
    reason: writtenText({ max: 2000, min: 10, short: "validation.conflictReason", lines: true }),
    validFrom: isoDate,
    validUntil: z.union([z.literal(""), isoDate]).optional(),
  })
  .strict();

/** A declaration a platform admin records for an agency user: any period that does not end before it starts. */
export const conflictDeclarationSchema = conflictDeclarationFields.superRefine((value, ctx) => {
  if (value.validUntil && value.validUntil < value.validFrom) {
    ctx.addIssue({ code: "custom", path: ["validUntil"], message: "validation.dateRange" });
  }
});

/**
 * A declaration agency staff make for themselves, checked on `today` (the day in Tokyo). It is in force
 * from the day it is made or earlier, so that it cannot stand declared and yet never recuse; and it has
 * no end date, since narrowing a recusal is a platform admin's decision, not the recused person's.
 */
export const ownConflictDeclarationSchema = (today: string) =>
  conflictDeclarationFields.extend({
    validFrom: isoDate.pipe(z.string().refine((day) => day <= today, "validation.conflictStartsLater")),
    validUntil: z.string().max(0, "validation.conflictEndByAdmin").optional(),
  });
export type ConflictDeclarationInput = z.infer<typeof conflictDeclarationSchema>;

export const mfaPolicySchema = z.object({ required: z.boolean({ error: "validation.boolean" }) }).strict();
