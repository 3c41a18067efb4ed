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
});
