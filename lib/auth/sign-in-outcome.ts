import { AuthError, CredentialsSignin } from "next-auth";
import type { SignInOutcome } from "@/lib/services/authenticate-user";

export type RefusedOutcome = Exclude<SignInOutcome, { kind: "signed_in" }>;
export type RefusalCode = RefusedOutcome["kind"];

/**
 * A refused sign-in. Its `code` travels in Auth.js's redirect (`?error=CredentialsSignin&code=…`) and
 * to the sign-in form; it says which step is missing, never which of email or password was wrong.
 */
export class SignInRefused extends CredentialsSignin {
  readonly retryAfterSeconds: number;
  constructor(readonly outcome: RefusedOutcome) {
    super();
    this.code = outcome.kind;
    this.retryAfterSeconds = "retryAfterSeconds" in outcome ? outcome.retryAfterSeconds : 0;
  }
}

/**
 * What a failed `signIn` means for the person signing in: a refusal (with which step is missing and how
 * long to wait), or a fault on our side (the database is down, say) that must not read as "wrong
 * password". Anything that is not an Auth.js error (such as the redirect after success) is not a
 * failure and is rethrown by the caller.
 */
export function classifySignInError(
  error: unknown,
): { kind: "refused"; code: RefusalCode; retryAfterSeconds: number } | { kind: "unavailable" } | { kind: "not_a_failure" } {
  if (!(error instanceof AuthError)) return { kind: "not_a_failure" };
  if (error instanceof SignInRefused) return { kind: "refused", code: error.outcome.kind, retryAfterSeconds: error.retryAfterSeconds };
  if (error.type === "CredentialsSignin") return { kind: "refused", code: "invalid", retryAfterSeconds: 0 };
  return { kind: "unavailable" };
}

/** A sign-in that failed for a reason other than the credentials (the database is down, say). */
export class SignInUnavailable extends Error {
  constructor(cause: unknown) {
    super("Sign-in is temporarily unavailable.", { cause });
    this.name = "SignInUnavailable";
  }
}
