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
