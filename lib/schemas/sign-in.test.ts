import { describe, expect, it } from "vitest";
import { signInSchema } from "./sign-in";

describe("signInSchema", () => {
  it("accepts an email and password, trimming the email", () => {
    expect(signInSchema.parse({ email: "  officer@hoshino.example ", password: "kakehashi-demo" })).toEqual({
      email: "officer@hoshino.example",
      password: "kakehashi-demo",
    });
  });

  it("names each missing or malformed field with a catalogue key", () => {
    const result = signInSchema.safeParse({ email: "not-an-email", password: "" });
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues).toContainEqual(["email", "validation.email"]);
    expect(issues).toContainEqual(["password", "validation.required"]);
  });

  it("refuses an empty email and an overlong password", () => {
    const result = signInSchema.safeParse({ email: "   ", password: "x".repeat(1025) });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(messages).toContain("email:validation.required");
    expect(messages).toContain("password:validation.tooLong");
  });
});

describe("signInSchema's second-factor code", () => {
  const base = { email: "reviewer@esb.example", password: "kakehashi-demo" };

  it("takes six digits or a recovery code, ignoring spaces, and treats an empty code as none", () => {
    expect(signInSchema.parse({ ...base, code: " 123 456 " }).code).toBe("123456");
    expect(signInSchema.parse({ ...base, code: "abcde-fghjk" }).code).toBe("abcde-fghjk");
    expect(signInSchema.parse({ ...base, code: "" }).code).toBeUndefined();
    expect(signInSchema.parse(base).code).toBeUndefined();
  });

  it("names a malformed code with its own message", () => {
    for (const code of ["12345", "1234567", "12a456", "abcde-fghj1", "'; drop table users"]) {
      const result = signInSchema.safeParse({ ...base, code });
      expect(result.success, code).toBe(false);
      expect(result.error!.issues.map((i) => `${i.path.join(".")}:${i.message}`)).toEqual(["code:validation.mfaCode"]);
    }
  });
});
