import { describe, expect, it } from "vitest";
import { isCrossSiteWrite } from "./same-origin";

const h = (entries: Record<string, string>) => new Headers({ host: "portal.example", ...entries });

describe("isCrossSiteWrite", () => {
  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteWrite("GET", h({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBe(false);
  });

  it("lets writes from the portal's own pages, and from callers that are not browsers", () => {
    expect(isCrossSiteWrite("POST", h({ origin: "https://portal.example", "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSiteWrite("PATCH", h({}))).toBe(false);
    expect(isCrossSiteWrite("POST", h({ origin: "https://portal.example", "x-forwarded-host": "portal.example", host: "10.0.0.5:3000" }))).toBe(false);
  });

  it("refuses writes another origin caused", () => {
    expect(isCrossSiteWrite("POST", h({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteWrite("DELETE", h({ origin: "null" }))).toBe(true);
    expect(isCrossSiteWrite("PUT", h({ origin: "not a url" }))).toBe(true);
    expect(isCrossSiteWrite("POST", h({ "sec-fetch-site": "same-site" }))).toBe(true);
    expect(isCrossSiteWrite("post", h({ "sec-fetch-site": "cross-site" }))).toBe(true);
  });
});
