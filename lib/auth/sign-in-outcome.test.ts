import { describe, expect, it } from "vitest";
import { CredentialsSignin } from "next-auth";
import { CallbackRouteError } from "@auth/core/errors";
import { classifySignInError, SignInUnavailable } from "./sign-in-outcome";

describe("classifySignInError", () => {
  it("reads rejected credentials as invalid credentials", () => {
    expect(classifySignInError(new CredentialsSignin())).toBe("invalid_credentials");
  });

  it("reads a fault thrown inside authorize (a database error) as unavailable, not as a wrong password", () => {
    const wrapped = new CallbackRouteError("authorize threw", {
      cause: { err: new SignInUnavailable(new Error("connect ECONNREFUSED 127.0.0.1:5432")) },
    });
    expect(classifySignInError(wrapped)).toBe("unavailable");
  });

  it("leaves anything else (the redirect after success) to be rethrown", () => {
    expect(classifySignInError(new Error("NEXT_REDIRECT"))).toBe("not_a_failure");
  });
});
