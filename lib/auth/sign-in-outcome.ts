import { AuthError } from "next-auth";

/**
 * What a failed `signIn` means for the person signing in: wrong credentials, or a fault on our side
 * (the database is down, say) that must not read as "wrong password". Anything that is not an Auth.js
 * error (such as the redirect after success) is not a failure and is rethrown by the caller.
 */
export function classifySignInError(error: unknown): "invalid_credentials" | "unavailable" | "not_a_failure" {
  if (!(error instanceof AuthError)) return "not_a_failure";
  return error.type === "CredentialsSignin" ? "invalid_credentials" : "unavailable";
}

/** A sign-in that failed for a reason other than the credentials (the database is down, say). */
export class SignInUnavailable extends Error {
  constructor(cause: unknown) {
    super("Sign-in is temporarily unavailable.", { cause });
    this.name = "SignInUnavailable";
  }
}
