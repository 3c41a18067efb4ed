import { describe, expect, it } from "vitest";
import { continueAddress, continueTarget } from "./continue-target";

describe("continueTarget", () => {
  it("takes a path of this site, with its query", () => {
    expect(continueTarget("/agency/disclosures/00000000-0000-4000-b000-000000000101")).toBe("/agency/disclosures/00000000-0000-4000-b000-000000000101");
    expect(continueTarget("/company/advisories?unread=true")).toBe("/company/advisories?unread=true");
  });

  it("refuses anything that leads off the site, or nowhere", () => {
    for (const to of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "evil.example/x", "", " /company", "/continue?to=%2Fcompany"])
      expect({ to, target: continueTarget(to) }).toEqual({ to, target: null });
    expect(continueTarget(["/company"])).toBeNull();
    expect(continueTarget(`/${"a".repeat(2000)}`)).toBeNull();
  });

  it("round-trips through the confirmation page's address", () => {
    const path = "/oversight/audit?action=disclosure.read&outcome=denied";
    expect(continueTarget(new URL(continueAddress(path), "http://x").searchParams.get("to"))).toBe(path);
  });
});
