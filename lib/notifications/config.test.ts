import { describe, expect, it } from "vitest";
import { outboxConfig } from "./config";

describe("outboxConfig", () => {
  it("sends through SMTP_URL's server; without one logs in the demo and development, and holds in a production start", () => {
    expect(outboxConfig({ NODE_ENV: "production", SMTP_URL: "smtp://mail.example:587" }).delivery).toBe("smtp");
    expect(outboxConfig({ NODE_ENV: "development" }).delivery).toBe("log");
    expect(outboxConfig({ NODE_ENV: "production", DEMO_MODE: "1", SMTP_URL: "" }).delivery).toBe("log");
    expect(outboxConfig({ NODE_ENV: "production" }).delivery).toBe("held");
    expect(outboxConfig({ NODE_ENV: "production", SMTP_URL: "" }).delivery).toBe("held");
  });

  it("takes its numbers as whole numbers within bounds, and refuses any other by name", () => {
    expect(outboxConfig({ NODE_ENV: "test", EMAIL_BATCH_SIZE: "50", EMAIL_MAX_ATTEMPTS: "5" })).toMatchObject({ batchSize: 50, maxAttempts: 5 });
    for (const [name, bad] of [
      ["EMAIL_BATCH_SIZE", "0.5"],
      ["EMAIL_MAX_ATTEMPTS", "3000000000"],
      ["EMAIL_POLL_MS", "3000000000"],
      ["EMAIL_LEASE_SECONDS", "1e300"],
      // Shorter than one send may take: a second worker would send the message again meanwhile.
      ["EMAIL_LEASE_SECONDS", "30"],
      ["EMAIL_RETRY_BASE_SECONDS", "5m"],
      ["EMAIL_POLL_MS", "-1"],
    ] as const) {
      expect(() => outboxConfig({ NODE_ENV: "test", [name]: bad })).toThrow(new RegExp(`^${name} must be a whole number`));
    }
  });

  it("refuses at start an SMTP_URL that is no SMTP address, without repeating it", () => {
    const refused = () => outboxConfig({ NODE_ENV: "test", SMTP_URL: "mail.example.com:587" });
    expect(refused).toThrow(/^SMTP_URL must start with smtp:\/\/ or smtps:\/\//);
    expect(() => refused()).not.toThrow(/mail\.example\.com/);
    expect(outboxConfig({ NODE_ENV: "test", SMTP_URL: "SMTPS://mail.example:465" }).delivery).toBe("smtp");
  });

  it("refuses at start a password the mailer could not decode (a bare %), without repeating it", () => {
    const refused = () => outboxConfig({ NODE_ENV: "test", SMTP_URL: "smtp://user:50%off@mail.example:587" });
    expect(refused).toThrow(/^SMTP_URL's password has a % that is not followed by two hex digits/);
    expect(() => refused()).not.toThrow(/50%off/);
    expect(outboxConfig({ NODE_ENV: "test", SMTP_URL: "smtp://user:50%25off@mail.example:587" }).delivery).toBe("smtp");
  });

  it("refuses an SMTP_URL it cannot parse without repeating it (its password would reach the log)", () => {
    const refused = () => outboxConfig({ NODE_ENV: "test", SMTP_URL: "smtp://user:se#cret@mail.example:587" });
    expect(refused).toThrow(/^SMTP_URL is not a valid URL/);
    expect(() => refused()).not.toThrow(/se#cret|cret@/);
  });
});
