import { describe, expect, it } from "vitest";
import { tokenReminderDays } from "./api-tokens";

describe("TOKEN_EXPIRY_REMINDER_DAYS", () => {
  it("is 14 days unless set, 0 turns reminders off, and anything but a whole number from 0 to 365 is refused by name", () => {
    expect(tokenReminderDays({} as NodeJS.ProcessEnv)).toBe(14);
    expect(tokenReminderDays({ TOKEN_EXPIRY_REMINDER_DAYS: "" } as unknown as NodeJS.ProcessEnv)).toBe(14);
    expect(tokenReminderDays({ TOKEN_EXPIRY_REMINDER_DAYS: "0" } as unknown as NodeJS.ProcessEnv)).toBe(0);
    expect(tokenReminderDays({ TOKEN_EXPIRY_REMINDER_DAYS: "30" } as unknown as NodeJS.ProcessEnv)).toBe(30);
    for (const bad of ["-1", "366", "7.5", "two weeks"]) {
      expect(() => tokenReminderDays({ TOKEN_EXPIRY_REMINDER_DAYS: bad } as unknown as NodeJS.ProcessEnv)).toThrow(`TOKEN_EXPIRY_REMINDER_DAYS must be a whole number of days from 0 to 365, not "${bad}".`);
    }
  });
});
