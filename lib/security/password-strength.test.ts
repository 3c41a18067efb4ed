import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";
import { estimatePasswordStrength, PASSWORD_MIN_SCORE, strengthSuggestions, strengthWarnings } from "./password-strength";

describe("estimatePasswordStrength", () => {
  it("scores common, patterned and repeated passwords below the minimum, with a warning to show", async () => {
    for (const weak of ["password1234", "qwertyuiop12", "aaaaaaaaaaaaaaaa", "123456789012", "iloveyou2026"]) {
      const strength = await estimatePasswordStrength(weak);
      expect(strength.score, weak).toBeLessThan(PASSWORD_MIN_SCORE);
      expect(strength.warning ?? strength.suggestions[0], weak).toBeTruthy();
    }
  });

  it("scores a long passphrase of unrelated words at the minimum or above", async () => {
    for (const strong of ["correct horse battery staple", "tide pools under a paper moon", "kakehashi-demo-2026"]) {
      expect((await estimatePasswordStrength(strong)).score, strong).toBeGreaterThanOrEqual(PASSWORD_MIN_SCORE);
    }
  });

  it("scores down a password made of the account's own name, address or the product's name", async () => {
    const context = ["officer@tsubame.example", "Aoi Yamamoto"];
    for (const own of ["Tsubame2026!", "Aoi Yamamoto 1990"]) {
      expect((await estimatePasswordStrength(own)).score, own).toBeGreaterThanOrEqual(PASSWORD_MIN_SCORE);
      const scored = await estimatePasswordStrength(own, context);
      expect(scored.score, own).toBeLessThan(PASSWORD_MIN_SCORE);
      expect(scored.warning, own).toBe("userInputs");
    }
    expect((await estimatePasswordStrength("kakehashikakehashi")).score).toBeLessThan(PASSWORD_MIN_SCORE);
  });

  it("answers feedback as keys that both catalogues translate", async () => {
    for (const [name, catalogue] of Object.entries({ en, ja })) {
      const section = (catalogue as unknown as { passwordStrength: { warning: Record<string, string>; suggestion: Record<string, string> } }).passwordStrength;
      for (const key of strengthWarnings) expect(section.warning[key], `${name} warning.${key}`).toBeTruthy();
      for (const key of strengthSuggestions) expect(section.suggestion[key], `${name} suggestion.${key}`).toBeTruthy();
    }
    const strength = await estimatePasswordStrength("qwertyuiop12");
    expect(strengthWarnings).toContain(strength.warning);
    for (const s of strength.suggestions) expect(strengthSuggestions).toContain(s);
  });
});
