import { describe, expect, it } from "vitest";
import en from "./messages/en.json";
import ja from "./messages/ja.json";

// A page with a list of people or declarations has one button per row with the same visible text ("Disable
// account" on every row): each button's accessible name (CommandForm's `ariaLabel`) names whom or what it acts
// on, and contains the visible text, so that a voice-control user can say what they see (WCAG 2.5.3).
const rowCommands = [
  ["companyUsers", "makeAdmin", "makeAdminLabel"],
  ["companyUsers", "makeOfficer", "makeOfficerLabel"],
  ["admin", "disable", "disableLabel"],
  ["admin", "enable", "enableLabel"],
  ["admin", "sendReset", "sendResetLabel"],
  ["admin", "resendInvitation", "resendInvitationLabel"],
  ["conflicts", "end", "endLabel"],
] as const;

describe("the accessible names of the row commands", () => {
  for (const [language, catalogue] of [
    ["en", en],
    ["ja", ja],
  ] as const) {
    it(`name the row and contain the visible label (${language})`, () => {
      for (const [section, visible, label] of rowCommands) {
        const messages = catalogue[section] as Record<string, unknown>;
        const name = messages[label];
        expect({ label, name: typeof name }).toEqual({ label, name: "string" });
        expect(name).toContain(messages[visible] as string);
        expect(name).toMatch(section === "conflicts" ? /\{company\}.*\{from\}|\{from\}.*\{company\}/ : /\{name\}.*\{email\}/);
      }
    });
  }
});
