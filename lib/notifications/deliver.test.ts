import { describe, expect, it } from "vitest";
import { isPermanentRefusal } from "./deliver";

// nodemailer's errors: `code` names the stage, `responseCode` is the SMTP reply, when there was one.
const smtpError = (code: string, responseCode?: number) => Object.assign(new Error(code), { code, responseCode });

describe("which SMTP failures use up a message's attempts", () => {
  it("counts only a 5xx refusal of the message or its recipient", () => {
    expect(isPermanentRefusal(smtpError("EENVELOPE", 550))).toBe(true);
    expect(isPermanentRefusal(smtpError("EMESSAGE", 554))).toBe(true);
  });

  it("never counts a server that is down, slow, busy, or refusing the login", () => {
    for (const error of [smtpError("ESOCKET"), smtpError("ECONNECTION"), smtpError("ETIMEDOUT"), smtpError("EDNS"), smtpError("EENVELOPE", 451), smtpError("EMESSAGE", 421), smtpError("EAUTH", 535), new Error("?"), null]) {
      expect(isPermanentRefusal(error)).toBe(false);
    }
  });
});
