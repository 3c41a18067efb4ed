import { describe, expect, it } from "vitest";
import { currentNav } from "./current-nav";

const company = ["/company", "/company/disclosures", "/company/advisories", "/company/access-log", "/company/profile", "/account"];

describe("currentNav", () => {
  it("marks the link to the page itself as the current page", () => {
    expect(currentNav("/company/profile", company)).toEqual({ href: "/company/profile", kind: "page" });
    expect(currentNav("/company", company)).toEqual({ href: "/company", kind: "page" });
    expect(currentNav("/company/profile/", company)).toEqual({ href: "/company/profile", kind: "page" });
  });

  it("marks the section's link on a page below it, not the dashboard's", () => {
    expect(currentNav("/company/disclosures/0000-1/versions/2", company)).toEqual({ href: "/company/disclosures", kind: "location" });
    expect(currentNav("/company/users", company)).toEqual({ href: "/company", kind: "location" });
  });

  it("marks nothing for a page outside every link, and is not fooled by a shared prefix", () => {
    expect(currentNav("/privacy", company)).toBeNull();
    expect(currentNav("/company-news", company)).toBeNull();
    expect(currentNav("/accounts", company)).toBeNull();
  });
});
