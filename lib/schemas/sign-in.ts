import "./jitless";
import { z } from "zod";
import { typedCode } from "./text";

// Messages are catalogue keys; forms translate them, the API renders them in English.

export const TOTP_CODE_PATTERN = /^\d{6}$/;
/** Recovery codes are "xxxxx-xxxxx" over an alphabet without look-alikes; the dash may be left out. */
export const RECOVERY_CODE_PATTERN = /^[a-z2-9]{5}-?[a-z2-9]{5}$/i;

/** A code as typed: full-width digits and letters (a Japanese keyboard) as ASCII, without spaces. */
const asTyped = (code: string) => code.normalize("NFKC").replace(/\s+/g, "");

/** A TOTP code (6 digits) or a recovery code (xxxxx-xxxxx). */
const isSecondFactorCode = (value: string) => TOTP_CODE_PATTERN.test(value) || RECOVERY_CODE_PATTERN.test(value);

export const signInSchema = z.object({
  email: typedCode().pipe(z.string().min(1, "validation.required").max(320, "validation.tooLong").email("validation.email")),
  password: z.string().min(1, "validation.required").max(1024, "validation.tooLong"),
  // Asked for once the password is right and the account needs a second factor; empty means "not given".
  code: z
    .string()
    .max(64, "validation.tooLong")
    .optional()
    .transform((value) => (value === undefined ? undefined : asTyped(value) || undefined))
    .pipe(z.string().refine(isSecondFactorCode, "validation.mfaCode").optional()),
});

export type SignInInput = z.infer<typeof signInSchema>;
export type SignInFormValues = z.input<typeof signInSchema>;

/** Only a TOTP code confirms an authenticator being enrolled. */
export const totpCodeSchema = z.object({
  code: z
    .string()
    .transform(asTyped)
    .pipe(z.string().min(1, "validation.required").regex(TOTP_CODE_PATTERN, "validation.totpCode")),
});
export type TotpCodeInput = z.infer<typeof totpCodeSchema>;
