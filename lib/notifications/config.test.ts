import { describe, expect, it } from "vitest";
import { outboxConfig } from "./config";
import { smtpOptions } from "./smtp-url";

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
      // Renewed every third of itself while a send lasts: a lease this short would be renewed every ten seconds.
      ["EMAIL_LEASE_SECONDS", "30"],
      ["EMAIL_SEND_TIMEOUT_SECONDS", "5"],
      ["EMAIL_SEND_TIMEOUT_SECONDS", "2m"],
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

  it("requires STARTTLS on smtp:// unless the URL says ?starttls=off, and takes nothing else in the query", () => {
    expect(smtpOptions("smtp://user:pass@mail.example:587")).toMatchObject({ secure: false, requireTLS: true, port: 587, auth: { user: "user", pass: "pass" } });
    expect(smtpOptions("smtp://127.0.0.1:25?starttls=off")).toMatchObject({ secure: false, requireTLS: false, port: 25 });
    expect(smtpOptions("smtps://mail.example")).toMatchObject({ secure: true, requireTLS: false, port: 465 });
    for (const url of ["smtp://mail.example:587?starttls=no", "smtp://mail.example:587?starttls=off&debug=1", "smtp://mail.example:587?tls=off", "smtps://mail.example?starttls=off"]) {
      expect(() => outboxConfig({ NODE_ENV: "test", SMTP_URL: url }), url).toThrow(/^SMTP_URL's query may only be \?starttls=off, on smtp:\/\//);
    }
    expect(outboxConfig({ NODE_ENV: "test", EMAIL_SEND_TIMEOUT_SECONDS: "60" }).sendTimeoutSeconds).toBe(60);
  });
});
