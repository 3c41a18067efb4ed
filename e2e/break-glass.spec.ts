import { readFile } from "node:fs/promises";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { demoUsers } from "../lib/demo/seed-demo";
import { expect, test } from "./fixtures";
import { storageStateFor } from "./roles";
import type { Page } from "@playwright/test";

// The demo approver holds every product, so no demo disclosure lies outside their assignment. Only this
// spec changes the approver's assignments: it takes antimicrobials away (Minato Pharma's product), and
// gives them back whatever happens.

const approver = demoUsers.find((u) => u.email === "approver@esb.example")!;
const justification = "Suspected diversion of beta-lactam intermediates, ticket ESB-2026-114.";

async function setAntimicrobials(page: Page, assigned: boolean): Promise<void> {
  await page.goto(`/admin/users/${approver.id}`);
  const box = page.getByRole("group", { name: "Critical products this person reviews" }).getByRole("checkbox", { name: "Antimicrobials", exact: true });
  await box.setChecked(assigned);
  await page.getByRole("button", { name: "Save assignments" }).click();
  await expect(page.getByText("The assignments were saved.")).toBeVisible();
}

test.describe.serial("break-glass", () => {
  test.afterAll(async ({ browser }) => {
    const context = await browser.newContext({ storageState: "e2e/.auth/platformAdmin.json" });
    await setAntimicrobials(await context.newPage(), true);
    await context.close();
  });

  test("an approver opens a disclosure outside assignment with a justification; the company and the auditors see it flagged", async ({ pageAs }) => {
    test.slow();
    const admin = await pageAs("platformAdmin");
    await setAntimicrobials(admin, false);

    const page = await pageAs("approver");
    await page.goto(`/agency/disclosures/${demoDisclosureIds.minatoH1}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Disclosure outside your assignment");
    const field = page.getByLabel("Justification");
    await field.fill("too short");
    await page.getByRole("button", { name: "Open with break-glass" }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await field.fill(justification);
    await page.getByRole("button", { name: "Open with break-glass" }).click();
    await expect(page.getByText("Opened with break-glass", { exact: true })).toBeVisible();
    // Opened, the page names the disclosure, no longer "outside your assignment".
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Minato Pharma: disclosure for 2026-H1");
    await expect(page.getByRole("heading", { name: "Disclosure outside your assignment" })).toHaveCount(0);
    // The items table drawn in the browser names the supplier country in the reader's language.
    await expect(page.getByTestId("item-row").first()).toContainText("People's Republic of China");

    // The company sees the access, marked, under the official's pseudonym.
    const minato = await pageAs("minatoOfficer");
    await minato.goto("/company/access-log");
    const row = minato.getByRole("row").filter({ hasText: justification });
    await expect(row.first()).toBeVisible();
    await expect(row.first()).toContainText("Break-glass");
    await expect(row.first()).toContainText(/Official-[0-9A-Z]{6}/);
    await expect(row.first()).not.toContainText("approver@esb.example");
    // Asked for break-glass accesses alone, the log shows this one and no other kind.
    await minato.getByRole("checkbox", { name: "Break-glass accesses only" }).check();
    await minato.getByRole("button", { name: "Show", exact: true }).click();
    await expect(minato).toHaveURL(/[?&]breakGlass=true/);
    await expect(minato.getByRole("checkbox", { name: "Break-glass accesses only" })).toBeChecked();
    await expect(minato.getByTestId("access-row").filter({ hasText: justification }).first()).toBeVisible();
    for (const entry of await minato.getByTestId("access-row").all()) await expect(entry.getByRole("cell").last()).toHaveText("Break-glass");
    // The company keeps a copy: the CSV of the same filter holds this access (its purpose quoted: it holds a
    // comma) and only break-glass ones.
    const link = minato.getByRole("link", { name: "Download as CSV" });
    await expect(link).toHaveAttribute("href", "/api/v1/organisation/access-log/export.csv?breakGlass=true");
    const [download] = await Promise.all([minato.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^access-log-[\dTZ-]+\.csv$/);
    const [header, ...records] = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "").split("\r\n").filter(Boolean);
    expect(header).toBe("id,occurred_at,party,agency_en,agency_ja,role,official,action,outcome,purpose,break_glass,target_type,target_id");
    expect(records.some((r) => r.includes(`,agency_approver,`) && r.endsWith(`,"${justification}",true,disclosure,${demoDisclosureIds.minatoH1}`))).toBe(true);
    for (const record of records) expect(record).toMatch(/,true,[^,]*,[^,]*$/);

    // The auditors' anomaly list flags it.
    const auditor = await pageAs("auditor");
    await auditor.goto("/oversight/anomalies");
    const flags = auditor.getByRole("region", { name: "Break-glass use", exact: true });
    await expect(flags.getByRole("row").filter({ hasText: "disclosure.read" }).first()).toBeVisible();
  });
});

test.describe("the break-glass form", () => {
  test.use({ storageState: storageStateFor("approver") });

  test("the first click on Open with break-glass acts, though the justification it leaves is empty", async ({ page }) => {
    // An ID no one may open: the form only, which checks the justification itself; nothing is sent.
    await page.goto("/agency/disclosures/00000000-0000-4000-b000-00000000ffff");
    const field = page.getByRole("textbox", { name: /Justification/ });
    await field.click();
    // Pressing the button takes the focus from the empty justification: were its check on leaving shown then, the
    // error would push the button down from under the pointer, and the click be lost (the focus left on the button).
    await page.getByRole("button", { name: "Open with break-glass" }).click();
    // The click sent the form: its check put the focus back in the justification, with the error.
    await expect(field).toBeFocused();
    await expect(field).toHaveAttribute("aria-invalid", "true");
  });
});

// The assignments form before its script runs (the moment the flaky run above met it): the saved
// assignments show, and nothing can be changed yet, so no change can be undone when the script starts.
test("the assignments form shows the saved assignments before its script runs, and takes no change until then", async ({ browser }) => {
  const reviewer2 = demoUsers.find((u) => u.email === "reviewer2@esb.example")!;
  const context = await browser.newContext({ storageState: "e2e/.auth/platformAdmin.json", javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(`/admin/users/${reviewer2.id}`);
    const group = page.getByRole("group", { name: "Critical products this person reviews" });
    await expect(group.getByRole("checkbox", { name: "Antimicrobials", exact: true })).toBeChecked();
    await expect(group.getByRole("checkbox", { name: "Antimicrobials", exact: true })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save assignments" })).toBeDisabled();
  } finally {
    await context.close();
  }
});
