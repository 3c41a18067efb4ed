import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { demoUsers } from "../lib/demo/seed-demo";
import { expect, test } from "./fixtures";
import { storageStateFor } from "./roles";

// A page the signed-in person did not ask for themselves is not opened in their name: from a link on another
// site it asks first (/continue), fetched as part of a page (an image, a frame) it is not found. Each is a
// refusal on record; the read happens once they confirm.

const reviewer = demoUsers.find((u) => u.email === "reviewer@esb.example")!;
const id = demoDisclosureIds.aobaH1; // semiconductors: in the reviewer's assignment
const path = `/agency/disclosures/${id}`;

test.describe("a page opened from another site", () => {
  test.use({ storageState: storageStateFor("reviewer") });

  test("asks before it opens, and reads nothing in the official's name until they confirm; fetched as an image, it is not found", async ({ page, pageAs, baseURL }) => {
    test.slow();
    const since = new Date(Date.now() - 1000).toISOString();
    await page.route("http://elsewhere.example/**", (route) =>
      route.fulfill({ contentType: "text/html", body: `<!doctype html><html lang="en"><title>Elsewhere</title><a href="${baseURL}${path}">A disclosure</a></html>` }),
    );
    await page.goto("http://elsewhere.example/");
    await page.getByRole("link", { name: "A disclosure" }).click();
    await expect(page).toHaveURL(`${baseURL}/continue?to=${encodeURIComponent(path)}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open this page?");
    await expect(page.getByTestId("continue-address")).toHaveText(`Address: ${path}`);

    // What a browser fetches for an <img> of the portal's own (same site: the session goes with it).
    const image = await page.request.get(`${path}?as=image`, { headers: { "sec-fetch-site": "same-origin", "sec-fetch-dest": "image", "sec-fetch-mode": "no-cors" } });
    expect(image.status()).toBe(404);

    const auditor = await pageAs("auditor");
    const seen = async () => {
      const { items } = (await (await auditor.request.get(`/api/v1/audit/events?actor=${reviewer.id}&from=${encodeURIComponent(since)}&limit=100`)).json()) as {
        items: { action: string; targetId: string | null; details: { attempted?: string; reason?: string } }[];
      };
      return items
        .filter((e) => e.targetId === id || e.details.attempted?.includes(id))
        .map((e) => (e.action === "access.denied" ? `denied ${e.details.reason} ${e.details.attempted}` : e.action))
        .sort();
    };
    // The path without its query: what was searched for stays out of the log.
    await expect.poll(seen).toEqual([`denied cross_site_read GET ${path}`, `denied embedded_request GET ${path}`]);

    // Confirmed, the page opens, and the read is the official's own.
    await page.getByRole("link", { name: "Open the page" }).click();
    await expect(page).toHaveURL(`${baseURL}${path}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aoba Semiconductor Materials: disclosure for 2026-H1");
    await expect.poll(seen).toContain("disclosure.read");
  });

  test("leads only to pages of this site", async ({ page }) => {
    await page.goto(`/continue?to=${encodeURIComponent("//elsewhere.example/agency")}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open this page?");
    await expect(page.getByText("The link did not name a page of Kakehashi.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Open the page" })).toHaveCount(0);
  });
});
