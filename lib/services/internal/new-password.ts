import { passwordContainsEmail } from "@/lib/schemas/password";
import { estimatePasswordStrength, PASSWORD_MIN_SCORE } from "@/lib/security/password-strength";
import { ValidationError } from "../errors";

/**
 * The checks of a new password that need the account, made on the server whatever the form checked:
 * it must not contain the account's own email address, and it must not be easy to guess (a common or
 * breached password, a keyboard pattern, the person's name…; `estimatePasswordStrength`). The schema has
 * already checked its length.
 */
export async function refuseUnfitPassword(password: string, account: { email: string; displayName: string }): Promise<void> {
  if (passwordContainsEmail(password, account.email)) throw new ValidationError([{ path: "password", message: "validation.passwordEmail" }]);
  const strength = await estimatePasswordStrength(password, [account.email, account.displayName]);
  if (strength.score < PASSWORD_MIN_SCORE) throw new ValidationError([{ path: "password", message: "validation.passwordWeak" }]);
}
