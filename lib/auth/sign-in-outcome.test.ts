import { describe, expect, it } from "vitest";
import { CredentialsSignin } from "next-auth";
import { CallbackRouteError } from "@auth/core/errors";
import { classifySignInError, SignInRefused, SignInUnavailable } from "./sign-in-outcome";

describe("classifySignInError", () => {
  it("reads rejected credentials as invalid credentials", () => {
    expect(classifySignInError(new CredentialsSignin())).toEqual({ kind: "refused", code: "invalid", retryAfterSeconds: 0 });
  });

  it("carries which step is missing and how long to wait, and puts the step in Auth.js's error code", () => {
    const refused = new SignInRefused({ kind: "throttled", retryAfterSeconds: 8 });
    expect(refused.code).toBe("throttled");
    expect(classifySignInError(refused)).toEqual({ kind: "refused", code: "throttled", retryAfterSeconds: 8 });
    expect(classifySignInError(new SignInRefused({ kind: "mfa_required" }))).toEqual({ kind: "refused", code: "mfa_required", retryAfterSeconds: 0 });
  });

  it("reads a fault thrown inside authorize (a database error) as unavailable, not as a wrong password", () => {
    const wrapped = new CallbackRouteError("authorize threw", {
      cause: { err: new SignInUnavailable(new Error("connect ECONNREFUSED 127.0.0.1:5432")) },
    });
    expect(classifySignInError(wrapped)).toEqual({ kind: "unavailable" });
  });

  it("leaves anything else (the redirect after success) to be rethrown", () => {
    expect(classifySignInError(new Error("NEXT_REDIRECT"))).toEqual({ kind: "not_a_failure" });
  });
});
