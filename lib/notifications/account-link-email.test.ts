import { describe, expect, it } from "vitest";
import { accountLinkTokenIn } from "@/lib/testing/mail-links";
import { accountLinkEmail, accountLinkPath, accountLinkUrl } from "./account-link-email";

const env: NodeJS.ProcessEnv = { ...process.env, APP_URL: "https://kakehashi.example/" };
const to = { email: "reviewer@esb.example", displayName: "Reviewer", organisation: { en: "ESB", ja: "経済安全保障局" } };

describe("account links", () => {
  it("carry their secret in the fragment, which no browser sends to a server, and nowhere in the request line", () => {
    const url = new URL(accountLinkUrl("invitation", "abc_DEF-123", env));
    expect(url.origin + url.pathname).toBe("https://kakehashi.example/welcome");
    expect(url.search).toBe("");
    expect(url.hash).toBe("#token=abc_DEF-123");
    expect(accountLinkPath("password_reset", "abc_DEF-123")).toBe("/reset-password#token=abc_DEF-123");
  });

  it("encode a token so that the page reads back exactly what was issued", () => {
    const token = "a+b/c=d&e#f g";
    const url = new URL(accountLinkUrl("password_reset", token, env));
    expect(new URLSearchParams(url.hash.slice(1)).get("token")).toBe(token);
  });

  it("put that link in the email, and the token only there", () => {
    const token = "t".repeat(43);
    const mail = accountLinkEmail("invitation", to, { token, expiresAt: new Date("2026-12-08T10:00:00Z") }, env);
    expect(mail.text).toContain(`https://kakehashi.example/welcome#token=${token}`);
    expect(mail.text).not.toContain("?token=");
    expect(accountLinkTokenIn(mail.text, "/welcome")).toBe(token);
    expect(mail.text.split(token)).toHaveLength(2);
  });

  it("say when the link expires in Japan time, in each language: 19:43 UTC on the 7th is the 8th in Japan", () => {
    const mail = accountLinkEmail("password_reset", to, { token: "t".repeat(43), expiresAt: new Date("2026-12-07T19:43:00Z") }, env);
    expect(mail.text).toContain("（有効期限 日本時間 2026/12/08 4:43、1回限り有効）");
    expect(mail.text).toContain("until 8 Dec 2026, 04:43 Japan time");
    expect(mail.text).not.toContain("UTC");
  });
});
