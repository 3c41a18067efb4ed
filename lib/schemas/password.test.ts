import { describe, expect, it } from "vitest";
import { newPasswordSchema, passwordChangeSchema, passwordContainsEmail, PASSWORD_MAX_LENGTH, reauthenticationSchema } from "./password";

const issues = (value: unknown) => {
  const result = newPasswordSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}:${i.message}`);
};

describe("newPasswordSchema", () => {
  it("accepts a long password that does not contain the email", () => {
    expect(issues({ email: "mei@esb.example", password: "correct horse battery", confirmPassword: "correct horse battery" })).toEqual([]);
  });

  it("refuses a password under 12 characters", () => {
    expect(issues({ email: "mei@esb.example", password: "short-pw-11", confirmPassword: "short-pw-11" })).toEqual(["password:validation.passwordLength"]);
  });

  it("refuses a password containing the email or its name part, whatever the case", () => {
    expect(issues({ email: "reviewer@esb.example", password: "xxReviewer@ESB.example", confirmPassword: "xxReviewer@ESB.example" })).toEqual([
      "password:validation.passwordEmail",
    ]);
    expect(issues({ email: "reviewer@esb.example", password: "my-reviewer-2026!", confirmPassword: "my-reviewer-2026!" })).toEqual([
      "password:validation.passwordEmail",
    ]);
  });

  it("refuses a confirmation that differs", () => {
    expect(issues({ email: "a@b.example", password: "correct horse battery", confirmPassword: "correct horse batterx" })).toEqual([
      "confirmPassword:validation.passwordMatch",
    ]);
  });

  it("ignores a name part too short to mean anything", () => {
    expect(passwordContainsEmail("a long password with ab in it", "ab@x.example")).toBe(false);
  });

  it("refuses a new password over 128 characters with its own message, and takes one of exactly 128", () => {
    const longest = "a long passphrase ".repeat(8).slice(0, PASSWORD_MAX_LENGTH);
    expect(longest.length).toBe(128);
    expect(issues({ email: "mei@esb.example", password: longest, confirmPassword: longest })).toEqual([]);
    expect(issues({ email: "mei@esb.example", password: `${longest}x`, confirmPassword: `${longest}x` })).toEqual(["password:validation.passwordTooLong"]);
  });

  it("still takes a longer current password, so one set before the limit can be confirmed", () => {
    const old = "x".repeat(600);
    expect(reauthenticationSchema.safeParse({ currentPassword: old }).success).toBe(true);
    expect(passwordChangeSchema.safeParse({ currentPassword: old, email: "a@b.example", password: "correct horse battery", confirmPassword: "correct horse battery" }).success).toBe(true);
    expect(reauthenticationSchema.safeParse({ currentPassword: "" }).success).toBe(false);
    expect(reauthenticationSchema.safeParse({ currentPassword: "x", extra: 1 }).success).toBe(false);
  });
});
