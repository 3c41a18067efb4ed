import { describe, expect, it } from "vitest";
import { leavesForPortalPage } from "./leave-guard";

const here = "http://localhost:3000/company/disclosures/d1?tab=items";
const plain = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false, defaultPrevented: false };
const link = (href: string, extra: Partial<{ target: string; download: boolean }> = {}) => ({ href, target: "", download: false, ...extra });

describe("leavesForPortalPage", () => {
  it("is true for a plain click on a link to another page of the portal, or the same page with another query", () => {
    expect(leavesForPortalPage(plain, link("http://localhost:3000/company/disclosures"), here)).toBe(true);
    expect(leavesForPortalPage(plain, link("/company/access-log"), here)).toBe(true);
    expect(leavesForPortalPage(plain, link("/company/disclosures/d1?tab=versions"), here)).toBe(true);
    expect(leavesForPortalPage(plain, link("/company/disclosures/d1", { target: "_self" }), here)).toBe(true);
  });

  it("is false where the page stays: no link, a place on this page, a new tab or window, a download, or a click already handled", () => {
    expect(leavesForPortalPage(plain, null, here)).toBe(false);
    expect(leavesForPortalPage(plain, link("/company/disclosures/d1?tab=items#item-2"), here)).toBe(false);
    expect(leavesForPortalPage(plain, link("#main"), here)).toBe(false);
    expect(leavesForPortalPage(plain, link("/company", { target: "_blank" }), here)).toBe(false);
    expect(leavesForPortalPage(plain, link("/api/v1/organisation/access-log/export.csv", { download: true }), here)).toBe(false);
    for (const key of ["metaKey", "ctrlKey", "shiftKey", "altKey"] as const) expect(leavesForPortalPage({ ...plain, [key]: true }, link("/company"), here)).toBe(false);
    expect(leavesForPortalPage({ ...plain, button: 1 }, link("/company"), here)).toBe(false);
    expect(leavesForPortalPage({ ...plain, defaultPrevented: true }, link("/company"), here)).toBe(false);
  });

  it("leaves another site to the browser's own question (beforeunload), not the portal's", () => {
    expect(leavesForPortalPage(plain, link("https://www.meti.go.jp/"), here)).toBe(false);
  });
});
