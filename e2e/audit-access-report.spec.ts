import type { Locator, Page } from "@playwright/test";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { expect, expectNotFoundPage, test } from "./fixtures";
import { demoOrgIds, storageStateFor } from "./roles";

// The auditors' access report: government accesses to company data, per company and official, with
// real identities. Read-only apart from the reads it makes and the report's own audit events.
test.describe.configure({ mode: "parallel" });

/** The cell of a row under a column header of the report's table. */
async function cellOf(page: Page, row: Locator, header: string): Promise<Locator> {
  const headers = (await page.getByRole("columnheader").allTextContents()).map((h) => h.trim());
  expect(headers).toContain(header);
  return row.getByRole("cell").nth(headers.indexOf(header));
}

test.describe("the auditor", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("sees a reviewer's read of Hoshino's disclosure under the reviewer's own name, and opens its events", async ({ page, browser }) => {
    // The reviewer opens Hoshino's 2026-H1 disclosure: an audited read within assignment.
    const reviewer = await browser.newContext({ storageState: storageStateFor("reviewer") });
    try {
      const reviewerPage = await reviewer.newPage();
      await reviewerPage.goto(`/agency/disclosures/${demoDisclosureIds.hoshinoH1}`);
      await expect(reviewerPage.getByRole("heading", { level: 1 })).toHaveText("Hoshino Magnetics: disclosure for 2026-H1");
    } finally {
      await reviewer.close();
    }

    await page.goto("/oversight");
    await page.getByRole("link", { name: "Report accesses to company data" }).click();
    await expect(page).toHaveURL(/\/oversight\/access$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access report");
    await page.getByRole("combobox", { name: "Company", exact: true }).selectOption({ label: "Hoshino Magnetics" });
    await page.getByRole("button", { name: "Show report" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]organisation=${demoOrgIds.hoshino}(&|$)`));
    await expect(page.getByRole("combobox", { name: "Company", exact: true })).toHaveValue(demoOrgIds.hoshino);

    const table = page.getByRole("table", { name: "Accesses by official, per company, the busiest first" });
    const rows = table.getByTestId("access-report-row");
    await expect(rows.first()).toBeVisible();
    for (const row of await rows.all()) await expect(await cellOf(page, row, "Company")).toHaveText("Hoshino Magnetics");
    const row = rows.filter({ hasText: "reviewer@esb.example" });
    await expect(row).toHaveCount(1);
    await expect(await cellOf(page, row, "Agency")).toHaveText("Economic Security Bureau");
    expect(Number(await (await cellOf(page, row, "Reads")).innerText())).toBeGreaterThanOrEqual(1);

    await row.getByRole("link", { name: "View events" }).click();
    await expect(page).toHaveURL(/\/oversight\/events\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("organisation")).toBe(demoOrgIds.hoshino);
    const console = page.getByTestId("audit-event-row");
    await expect(console.first()).toBeVisible();
    await expect(console.filter({ hasText: "disclosure.read" }).first()).toBeVisible();
    for (const event of await console.all()) await expect(event).toContainText("reviewer@esb.example");
  });

  test("shows refused filters beside their fields, and no report", async ({ page }) => {
    const response = await page.goto("/oversight/access?organisation=hoshino");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("alert", { name: "The report's filters are not valid" })).toBeVisible();
    await expect(page.getByRole("combobox", { name: "Company", exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("combobox", { name: "Company", exact: true })).toHaveAccessibleDescription(/UUID/);
    await expect(page.getByRole("table")).toHaveCount(0);

    await page.goto("/oversight/access?from=2026-05-02T00:00&to=2026-05-01T00:00");
    await expect(page.getByLabel("To", { exact: true })).toHaveAccessibleDescription(/must not be before its start/);
    await expect(page.getByRole("table")).toHaveCount(0);

    await page.goto("/oversight/access?from=2026-01-01T00:00&to=2026-03-01T00:00");
    await expect(page.getByLabel("To", { exact: true })).toHaveAccessibleDescription(/31 days at most/);
  });
});

for (const account of ["reviewer", "hoshinoOfficer", "platformAdmin"] as const) {
  test.describe(account, () => {
    test.use({ storageState: storageStateFor(account) });

    test("gets the 404 page for the access report", async ({ page }) => {
      await expectNotFoundPage(page, "/oversight/access");
    });
  });
}
