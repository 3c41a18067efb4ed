import { describe, expect, it } from "vitest";
import { crossSiteCause, isCrossSiteWrite } from "./same-origin";

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

  it("refuses, with a session, a read another site caused (a link, an image), but not one typed or from the portal", () => {
    expect(crossSiteCause("GET", h({ "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" }))).toBe("cross_site_read");
    expect(crossSiteCause("HEAD", h({ "sec-fetch-site": "same-site" }))).toBe("cross_site_read");
    expect(crossSiteCause("GET", h({ "sec-fetch-site": "none", "sec-fetch-mode": "navigate" }))).toBeNull();
    expect(crossSiteCause("GET", h({ "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossSiteCause("GET", h({}))).toBeNull();
    expect(crossSiteCause("POST", h({ origin: "https://evil.example" }))).toBe("cross_site_write");
    expect(crossSiteCause("POST", h({ origin: "https://portal.example", "sec-fetch-site": "same-origin" }))).toBeNull();
  });

  it("refuses what a browser fetched as part of a page (an image, a frame), even of the portal's own: only what a page's script or a tab asked for", () => {
    for (const destination of ["image", "iframe", "script", "style", "object", "embed", "video", "font", "worker"])
      expect(crossSiteCause("GET", h({ "sec-fetch-site": "same-origin", "sec-fetch-dest": destination }))).toBe("embedded_request");
    expect(crossSiteCause("GET", h({ "sec-fetch-site": "same-origin", "sec-fetch-dest": "empty", "sec-fetch-mode": "cors" }))).toBeNull();
    expect(crossSiteCause("GET", h({ "sec-fetch-site": "none", "sec-fetch-dest": "document", "sec-fetch-mode": "navigate" }))).toBeNull();
    expect(crossSiteCause("GET", h({ "sec-fetch-site": "cross-site", "sec-fetch-dest": "image" }))).toBe("embedded_request");
  });
});
