import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { headerOf } from "./local-smtp";

describe("headers of received mail", () => {
  it("reads back a folded, encoded subject as nodemailer wrote it", async () => {
    const subject = "[Kakehashi] 新しい勧告 / New advisory: ESB-2026-0004 (HIGH, TLP:GREEN) — 永久磁石の輸出許可が厳しくなっています";
    const { message } = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail({ from: "a@example.com", to: "b@example.com", subject, text: "本文" });
    expect(headerOf(message.toString(), "Subject")).toBe(subject);
    expect(headerOf("Subject: plain\r\n\r\nbody", "subject")).toBe("plain");
    expect(headerOf("To: x\r\n\r\nSubject: in the body", "Subject")).toBe("");
  });
});
