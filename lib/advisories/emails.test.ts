import { describe, expect, it } from "vitest";
import { tlpLabels, type TlpLabel } from "@/db/schema";
import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import { advisoryEmail, type AdvisoryEmailFacts } from "./emails";

const env: NodeJS.ProcessEnv = { ...process.env, APP_URL: "https://kakehashi.example/" };
const to = { email: "officer@hoshino.example", company: { en: "Hoshino Magnetics", ja: "星野磁性" } };
const facts = (tlp: TlpLabel, more: Partial<AdvisoryEmailFacts> = {}): AdvisoryEmailFacts => ({
  advisoryId: "00000000-0000-4000-8000-000000000001",
  reference: "ESB-2026-0001",
  revision: 1,
  title: "ZZ-title of the advisory",
  summary: "ZZ-summary of the advisory",
  severity: "high",
  tlp,
  ...more,
});

describe("advisory emails", () => {
  it.each(tlpLabels)("give the TLP:%s sharing rule in Japanese and English, as the catalogue words it", (tlp) => {
    const { text } = advisoryEmail("advisory.published", facts(tlp), to, env);
    expect(text).toContain(ja.advisories.tlp[tlp]);
    expect(text).toContain(en.advisories.tlp[tlp]);
  });

  it.each(tlpLabels)("carry none of a withdrawn TLP:%s advisory's words, though the caller hands them over: its reference, label, reason where allowed, and link only", (tlp) => {
    const mail = advisoryEmail("advisory.withdrawn", facts(tlp, { extra: "Sent to the wrong audience." }), to, env);
    for (const words of ["ZZ-title", "ZZ-summary"]) {
      expect(mail.subject).not.toContain(words);
      expect(mail.text).not.toContain(words);
    }
    expect(mail.subject).toContain(`ESB-2026-0001 (HIGH, TLP:${tlp})`);
    expect(mail.text).toContain("https://kakehashi.example/company/advisories/00000000-0000-4000-8000-000000000001");
    expect(mail.text.includes("Sent to the wrong audience.")).toBe(tlp === "CLEAR" || tlp === "GREEN");
    // Nor does it ask for an acknowledgement the portal would refuse.
    expect(mail.text).not.toMatch(/acknowledge|受領/);
  });

  it("carry a shareable advisory's title and summary in its publication notice, and a limited one's not", () => {
    expect(advisoryEmail("advisory.published", facts("GREEN"), to, env).text).toContain("ZZ-summary of the advisory");
    expect(advisoryEmail("advisory.published", facts("AMBER"), to, env).text).not.toContain("ZZ-title");
  });
});
