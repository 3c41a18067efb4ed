import "./jitless";
import { z } from "zod";

export const PASSWORD_MIN_LENGTH = 12;
/**
 * The longest password one may set (ASVS V2.1.2). Signing in and confirming the current password still
 * take up to 1024 characters, so a password set before this limit keeps working.
 */
export const PASSWORD_MAX_LENGTH = 128;
const CURRENT_PASSWORD_MAX_LENGTH = 1024;

/** True when the password contains the email address or its part before the @ (of 3 characters or more). */
export function passwordContainsEmail(password: string, email: string): boolean {
  const p = password.toLowerCase();
  const e = email.trim().toLowerCase();
  const local = e.split("@")[0] ?? "";
  return (e.length > 0 && p.includes(e)) || (local.length >= 3 && p.includes(local));
}

/**
 * A new password with its confirmation. `email` is the account's address, shown on the form and
 * checked again on the server against the account itself.
 */
export const newPasswordSchema = z
  .object({
    email: z.string().trim().max(320, "validation.tooLong"),
    password: z.string().min(PASSWORD_MIN_LENGTH, "validation.passwordLength").max(PASSWORD_MAX_LENGTH, "validation.passwordTooLong"),
    confirmPassword: z.string().min(1, "validation.required").max(CURRENT_PASSWORD_MAX_LENGTH, "validation.tooLong"),
  })
  .superRefine((value, ctx) => {
    if (value.password.length >= PASSWORD_MIN_LENGTH && passwordContainsEmail(value.password, value.email)) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "validation.passwordEmail" });
    }
    if (value.confirmPassword && value.confirmPassword !== value.password) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "validation.passwordMatch" });
    }
  });

export type NewPasswordInput = z.infer<typeof newPasswordSchema>;

/** The secret of an invitation or reset link, as its page read it from the link. */
export const accountLinkTokenSchema = z.object({ token: z.string("validation.linkToken").trim().min(20, "validation.linkToken").max(200, "validation.linkToken") });

/** Accepting an invitation or a reset link: the link's secret and the new password. */
export const accountLinkCompletionSchema = z.intersection(accountLinkTokenSchema, newPasswordSchema);
export type AccountLinkCompletionInput = z.infer<typeof accountLinkCompletionSchema>;

const currentPassword = z.string("validation.required").min(1, "validation.required").max(CURRENT_PASSWORD_MAX_LENGTH, "validation.tooLong");

/**
 * Changing one's own password while signed in. `revokeApiTokens` also revokes the caller's own API
 * tokens (a reset always does).
 */
export const passwordChangeSchema = z.intersection(
  z.object({ currentPassword, revokeApiTokens: z.boolean().optional() }),
  newPasswordSchema,
);
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;

/** A change to one's own second factor (new recovery codes, removing the authenticator) asks for the password again. */
export const reauthenticationSchema = z.object({ currentPassword }).strict();
export type ReauthenticationInput = z.infer<typeof reauthenticationSchema>;
