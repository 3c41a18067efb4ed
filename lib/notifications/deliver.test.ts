import { describe, expect, it } from "vitest";
import { isPermanentRefusal } from "./deliver";

// nodemailer's errors: `code` names the kind, `command` the SMTP command refused, `responseCode` the reply, when there was one.
const smtpError = (code: string, responseCode?: number, command?: string, response?: string) => Object.assign(new Error(code), { code, responseCode, command, response });

describe("which SMTP failures use up a message's attempts", () => {
  it("counts only a 5xx refusal of the message or its recipient", () => {
    expect(isPermanentRefusal(smtpError("EENVELOPE", 550, "RCPT TO", "550 5.1.1 No such user"))).toBe(true);
    expect(isPermanentRefusal(smtpError("EMESSAGE", 554, "DATA", "554 5.6.0 Message rejected"))).toBe(true);
  });

  it("never counts a refusal of the server's settings, which every message would meet alike", () => {
    for (const error of [
      smtpError("EPROTOCOL", 554, "CONN", "554 No SMTP service here"),
      smtpError("EENVELOPE", 530, "MAIL FROM", "530 5.7.0 Authentication required"),
      smtpError("EENVELOPE", 553, "MAIL FROM", "553 5.7.1 Sender address rejected: not owned by user"),
      smtpError("EENVELOPE", 550, "RCPT TO", "550 5.7.0 Must issue a STARTTLS command first"),
    ]) {
      expect(isPermanentRefusal(error)).toBe(false);
    }
  });

  it("never counts a server that is down, slow, busy, or refusing the login", () => {
    for (const error of [smtpError("ESOCKET"), smtpError("ECONNECTION"), smtpError("ETIMEDOUT"), smtpError("EDNS"), smtpError("EENVELOPE", 451), smtpError("EMESSAGE", 421), smtpError("EAUTH", 535), new Error("?"), null]) {
      expect(isPermanentRefusal(error)).toBe(false);
    }
  });
});
