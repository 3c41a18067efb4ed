import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import ja from "@/lib/i18n/messages/ja.json";
import { accessLogActions, actionText, fixedPurposes, purposeText, type Translate } from "./access-entry";

// The catalogues' translators, loosely typed as pages hold them (any key of the namespace as a string).
const translators = [en, ja].map((messages) => createTranslator({ locale: messages === ja ? "ja" : "en", messages, namespace: "accessLog" }) as unknown as Translate);
const [tEn, tJa] = translators as [Translate, Translate];

/** Every `.ts` file below a folder, tests left out. */
function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(path.join(process.cwd(), dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(path.join(process.cwd(), dir, f), "utf8") }));
}

describe("purposes in the access log", () => {
  it("translates the purposes Kakehashi writes itself, and keeps a person's words as written", () => {
    expect(purposeText(tEn, "disclosure review")).toBe("Disclosure review");
    expect(purposeText(tJa, "disclosure review")).toBe("開示の審査");
    expect(purposeText(tJa, "risk insights drill-down")).not.toContain("drill-down");
    expect(purposeText(tJa, "company profile review")).not.toContain("review");
    const justification = "Urgent: supply shock at a magnet plant, checking exposure";
    expect(purposeText(tJa, justification)).toBe(justification);
    expect(purposeText(tJa, null)).toBeNull();
  });

  it("knows every purpose the services and pages write (so that none reaches a Japanese reader in English)", () => {
    // An account link's purpose (`invitation`, `password_reset`) is a code of its own, not an audit purpose.
    const linkPurposes = ["invitation", "password_reset"];
    const written = [...sources("lib/services"), ...sources("app")]
      .flatMap(({ text }) => [...text.matchAll(/(?:purpose: |PURPOSE = |purpose \?\? )"([^"]+)"/g)].map((m) => m[1]!))
      .filter((p) => !linkPurposes.includes(p));
    expect(written.length).toBeGreaterThanOrEqual(4);
    expect(written.filter((p) => !Object.hasOwn(fixedPurposes, p))).toEqual([]);
    for (const t of translators) for (const p of Object.keys(fixedPurposes)) expect(t.has(`purposes.${fixedPurposes[p]}`)).toBe(true);
  });
});

describe("actions in the access log", () => {
  it("has a sentence for each in both languages", () => {
    for (const t of translators) for (const action of accessLogActions) expect(t.has(`actions.${action.replaceAll(".", "_")}`), action).toBe(true);
    expect(actionText(tJa, "conflict.declare")).toBe(tJa("actions.conflict_declare"));
  });

  it("says an action it does not know in words, with its code", () => {
    expect(actionText(tEn, "something.new")).toBe(tEn("otherAction", { action: "something.new" }));
    expect(actionText(tJa, "something.new")).toContain("something.new");
    expect(actionText(tJa, "something.new")).not.toBe("something.new");
  });

  it("covers what agency staff record against a company (the services that take an agency permission)", () => {
    // A service an agency role may call: it asks for a permission only agency staff hold, or declares a conflict.
    const agencyPermissions = /"(disclosure\.review|profile\.read_company|insights\.drill_down|insights\.read|disclosure\.break_glass|conflict\.declare_own|company\.list_in_scope)"|conflict\.declare"/;
    const services = sources("lib/services").filter(({ text }) => agencyPermissions.test(text));
    const companyTargeted = services.flatMap(({ text }) =>
      [...text.matchAll(/action: "([a-z_]+\.[a-z_]+)"[^}]*?target: \{[^}]*orgId: (?:row\.organisationId|r\.organisationId|company\.id|input\.companyId)/gs)].map((m) => m[1]!),
    );
    expect(companyTargeted).toContain("conflict.declare");
    expect(companyTargeted.filter((a) => !(accessLogActions as readonly string[]).includes(a))).toEqual([]);
  });
});
