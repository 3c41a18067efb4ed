import type { Locator, Page } from "@playwright/test";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { expect, expectNotFoundPage, test } from "./fixtures";
import { storageStateFor } from "./roles";

// Only this spec writes Minato Pharma's disclosures (2027-H1 and 2027-H2; later periods on a retry, since a
// period has one disclosure for good). Minato's items are all antimicrobials: reviewer2 is assigned them.

const shareTotalError = "Shares for one product and stage add up to more than 100.";

interface ItemValues {
  product?: string;
  stage?: string;
  country?: string;
  material?: string;
  share?: string;
  inventory?: string;
  leadTime?: string;
  alternatives?: string;
}

const item = (page: Page, number: number): Locator => page.getByRole("group", { name: `Exposure item ${number}`, exact: true });
const shareField = (group: Locator) => group.getByLabel("Share of supply from this country (%)");

async function fillItem(group: Locator, v: ItemValues): Promise<void> {
  if (v.product) await group.getByLabel("Critical product").selectOption(v.product);
  if (v.stage) await group.getByLabel("Value-chain stage").selectOption(v.stage);
  if (v.country) await group.getByLabel("Supplier country").selectOption(v.country);
  if (v.material !== undefined) await group.getByLabel("Material or component (optional)").fill(v.material);
  if (v.share !== undefined) await shareField(group).fill(v.share);
  if (v.inventory !== undefined) await group.getByLabel("Inventory on hand (days)").fill(v.inventory);
  if (v.leadTime !== undefined) await group.getByLabel("Lead time in days (optional)").fill(v.leadTime);
  if (v.alternatives !== undefined) await group.getByLabel("Qualified alternative suppliers").fill(v.alternatives);
}

async function saveDraft(page: Page): Promise<void> {
  // The status region is on the page, empty, before the save: a region mounted with its text may go unannounced.
  const status = page.getByTestId("editor-status");
  await expect(status).toHaveAttribute("role", "status");
  await expect(status).toBeEmpty();
  await page.getByRole("button", { name: "Save the draft" }).click();
  await expect(status).toHaveText("The draft was saved.");
}

async function submitVersion(page: Page, id: string, number: number): Promise<void> {
  await page.getByRole("button", { name: "Submit for review", exact: true }).click();
  const confirm = page.getByRole("group", { name: `Submit version ${number}?` });
  await expect(confirm).toBeVisible();
  await confirm.getByRole("button", { name: `Yes, submit version ${number}` }).click();
  await expect(page).toHaveURL(new RegExp(`/company/disclosures/${id}\\?submitted=${number}$`));
  await expect(page.getByRole("status").filter({ hasText: `Version ${number} was submitted for review.` })).toBeVisible();
  await expect(page.getByTestId("disclosure-status")).toHaveText("Submitted");
  await expect(page.getByTestId("versions").getByRole("link", { name: `Version ${number}`, exact: true })).toBeVisible();
  // Submitted, the items shown are those of the version sent, and named so (not "the working copy").
  await expect(page.getByRole("table", { name: `Exposure items of version ${number}` })).toBeVisible();
}

test.describe.serial("a disclosure from draft to review and amendment", () => {
  test.use({ storageState: storageStateFor("minatoOfficer") });

  let period = "";
  let id = "";
  let official = "";

  test("Minato's officer starts a draft, adds two items with live checks, saves and submits version 1", async ({ page }) => {
    test.slow(); // many steps, each a round trip
    const retry = test.info().retry;
    period = retry === 0 ? "2027-H1" : `${2030 + retry}-H1`;

    await page.goto("/company/disclosures");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Disclosures");
    await page.getByRole("region", { name: "Start a disclosure" }).getByLabel("Reporting period").fill(period);
    await page.getByRole("button", { name: "Start the draft" }).click();
    await expect(page).toHaveURL(/\/company\/disclosures\/[0-9a-f-]{36}$/);
    id = page.url().split("/").at(-1)!;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Disclosure for ${period}`);
    await expect(page.getByTestId("disclosure-status")).toHaveText("Draft");

    // Removing an item keeps the keyboard's place: the item now in its place, else the one before it, else
    // "Add an exposure item" takes the focus, and the removal is announced.
    const add = page.getByRole("button", { name: "Add an exposure item" });
    const announcement = page.getByTestId("editor-announcement");
    await add.click();
    await add.click();
    await item(page, 1).getByRole("button", { name: "Remove exposure item 1" }).click();
    await expect(item(page, 1).getByLabel("Critical product")).toBeFocused();
    await expect(item(page, 2)).toHaveCount(0);
    await expect(announcement).toHaveText("Exposure item 1 removed.");
    await add.click();
    await item(page, 2).getByRole("button", { name: "Remove exposure item 2" }).click();
    await expect(item(page, 1).getByRole("button", { name: "Remove exposure item 1" })).toBeFocused();
    await expect(announcement).toHaveText("Exposure item 2 removed.");
    await item(page, 1).getByRole("button", { name: "Remove exposure item 1" }).click();
    await expect(add).toBeFocused();
    await expect(announcement).toHaveText("Exposure item 1 removed.");

    await page.getByRole("button", { name: "Add an exposure item" }).click();
    await fillItem(item(page, 1), { product: "antimicrobials", stage: "processing", country: "CN", material: "7-ACA (cephalosporin intermediate)", share: "70", inventory: "45", leadTime: "60", alternatives: "1" });
    await page.getByRole("button", { name: "Add an exposure item" }).click();
    await fillItem(item(page, 2), { product: "antimicrobials", stage: "processing", country: "IN", material: "7-ACA (cephalosporin intermediate)", share: "40" });

    // 70 + 40 from two countries for one product and stage: the error shows on the field as it is typed.
    const share2 = shareField(item(page, 2));
    await expect(item(page, 2).getByText(shareTotalError)).toBeVisible();
    await expect(share2).toHaveAttribute("aria-invalid", "true");
    await expect(share2).toHaveAccessibleDescription(new RegExp(shareTotalError.replace(/[.]/g, "\\.")));
    await expect(item(page, 1).getByText(shareTotalError)).toBeVisible();
    // Fields of the new row not visited yet say nothing until a save is tried.
    await expect(item(page, 2).getByLabel("Inventory on hand (days)")).not.toHaveAttribute("aria-invalid", "true");

    await share2.fill("30");
    await expect(page.getByText(shareTotalError)).toHaveCount(0);
    await expect(share2).not.toHaveAttribute("aria-invalid", "true");
    await fillItem(item(page, 2), { inventory: "45", alternatives: "2" });
    await saveDraft(page);

    await page.reload();
    await expect(shareField(item(page, 2))).toHaveValue("30");
    await expect(item(page, 1).getByLabel("Supplier country")).toHaveValue("CN");

    await submitVersion(page, id, 1);
    await page.getByTestId("versions").getByRole("link", { name: "Version 1", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Version 1");
    await expect(page.getByTestId("item-row")).toHaveCount(2);
    await expect(page.getByTestId("item-row").nth(0)).toContainText("People's Republic of China");
    await expect(page.getByTestId("item-row").nth(1)).toContainText("India");

    // One disclosure per period: a second start for it names and links the existing one.
    await page.goto("/company/disclosures");
    await page.getByRole("region", { name: "Start a disclosure" }).getByLabel("Reporting period").fill(period);
    await page.getByRole("button", { name: "Start the draft" }).click();
    const refusal = page.getByRole("alert", { name: "The draft was not started." });
    await expect(refusal).toContainText(`Your company already has a disclosure for ${period}.`);
    await expect(refusal.getByRole("link", { name: `Open the ${period} disclosure` })).toHaveAttribute("href", `/company/disclosures/${id}`);
  });

  test("reviewer2 finds it in the review queue, opens it and requests changes", async ({ pageAs }) => {
    const reviewer = await pageAs("reviewer2");
    await reviewer.goto("/agency/disclosures");
    await expect(reviewer.getByRole("heading", { level: 1 })).toHaveText("Disclosure review");
    await reviewer.getByRole("link", { name: `Open the ${period} disclosure of Minato Pharma` }).click();
    await expect(reviewer).toHaveURL(new RegExp(`/agency/disclosures/${id}$`));
    await expect(reviewer.getByRole("heading", { level: 1 })).toHaveText(`Minato Pharma: disclosure for ${period}`);
    await expect(reviewer.getByTestId("item-row")).toHaveCount(2);
    await expect(reviewer.getByTestId("item-row").nth(1)).toContainText("India");

    await reviewer.getByRole("radio", { name: "Request changes" }).check();
    await reviewer.getByRole("button", { name: "Record the review" }).click();
    const comment = reviewer.getByRole("textbox", { name: "Comment" });
    await expect(comment).toHaveAttribute("aria-invalid", "true");
    await comment.fill("Please add the finished-product supplier in Italy.");
    await reviewer.getByRole("button", { name: "Record the review" }).click();
    await expect(reviewer.getByRole("status").filter({ hasText: "Your review was recorded: Request changes." })).toBeVisible();
    await expect(reviewer.getByTestId("disclosure-status")).toHaveText("Changes requested");
    await expect(reviewer.getByTestId("review")).toContainText("Sota Nakamura");
  });

  test("the officer is told by email, without the comment", async ({ page }) => {
    // The demo keeps its emails in the outbox and shows them at /demo/mailbox.
    const mailbox = await (await page.request.get(`/demo/mailbox?to=${encodeURIComponent("officer@minato.example")}`)).text();
    expect(mailbox).toContain(`Changes requested to your disclosure: ${period}`);
    expect(mailbox).toContain(`/company/disclosures/${id}`);
    expect(mailbox).not.toContain("finished-product supplier in Italy");
  });

  test("the officer reads the comment under a pseudonym, amends, submits version 2 and compares", async ({ page }) => {
    test.slow();
    await page.goto(`/company/disclosures/${id}`);
    await expect(page.getByTestId("disclosure-status")).toHaveText("Changes requested");
    const review = page.getByTestId("review");
    await expect(review).toContainText("Please add the finished-product supplier in Italy.");
    await expect(review).toContainText("Request changes");
    await expect(review).not.toContainText("Sota Nakamura");
    official = /Official-[0-9A-Z]{6}/.exec((await review.textContent()) ?? "")?.[0] ?? "";
    expect(official).not.toBe("");

    await shareField(item(page, 1)).fill("60");
    await page.getByRole("button", { name: "Add an exposure item" }).click();
    await fillItem(item(page, 3), { product: "antimicrobials", stage: "final_product", country: "IT", material: "Cefazolin sodium", share: "100", inventory: "90", alternatives: "2" });
    await saveDraft(page);
    await submitVersion(page, id, 2);

    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(new RegExp(`/company/disclosures/${id}/compare\\?from=1&to=2$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Version 1 and version 2 compared");
    await expect(page.getByTestId("compare-summary")).toHaveText("1 added, 0 removed, 1 changed, 1 unchanged.");
    const changed = page.locator('[data-testid="compare-row"][data-change="changed"]');
    await expect(changed).toContainText("Changed: Share");
    await expect(changed).toContainText("70%");
    await expect(changed).toContainText("60%");
    const added = page.locator('[data-testid="compare-row"][data-change="added"]');
    await expect(added).toContainText("Added");
    await expect(added).toContainText("Cefazolin sodium");
    await expect(added).toContainText("Not in version 1");
  });

  test("reviewer2 accepts version 2, and cannot open Hoshino's disclosure (a declared conflict)", async ({ pageAs }) => {
    const reviewer = await pageAs("reviewer2");
    await reviewer.goto(`/agency/disclosures/${id}`);
    await expect(reviewer.getByTestId("item-row")).toHaveCount(3);
    await reviewer.getByRole("radio", { name: "Accept", exact: true }).check();
    await reviewer.getByRole("button", { name: "Record the review" }).click();
    await expect(reviewer.getByRole("status").filter({ hasText: "Your review was recorded: Accept." })).toBeVisible();
    await expect(reviewer.getByTestId("disclosure-status")).toHaveText("Accepted");
    await expectNotFoundPage(reviewer, `/agency/disclosures/${demoDisclosureIds.hoshinoH1}`);
  });

  test("the access log shows reviewer2's read, with its purpose, under the same pseudonym", async ({ page }) => {
    await page.goto("/company/access-log");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Access log");
    const reads = page
      .getByTestId("access-row")
      .filter({ hasText: official })
      .filter({ hasText: "Read a disclosure" })
      .filter({ hasText: "disclosure review" });
    await expect(reads.first()).toBeVisible();
    await expect(reads.first()).toContainText("Economic Security Bureau");
    await expect(reads.first()).toContainText("Agency reviewer");
    // Each entry carries the number to quote to the auditors.
    await expect(reads.first()).toContainText(/Ref\. \d+/);
    await expect(page.getByTestId("access-row").filter({ hasText: official }).filter({ hasText: "Reviewed a disclosure" })).not.toHaveCount(0);
  });
});

test.describe("two pages on one draft", () => {
  test.use({ storageState: storageStateFor("minatoOfficer") });

  test("the second save is refused with the newer data, and the officer continues from it", async ({ page, context }) => {
    test.slow();
    const retry = test.info().retry;
    const period = retry === 0 ? "2027-H2" : `${2030 + retry}-H2`;
    const created = await page.request.post("/api/v1/disclosures", {
      data: {
        reportingPeriod: period,
        items: [{ productCode: "antimicrobials", stage: "processing", supplierCountry: "CN", sharePercent: 50, inventoryDays: 30, alternativeSuppliers: 1, singleSource: false }],
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const first = page;
    const second = await context.newPage();
    await first.goto(`/company/disclosures/${id}`);
    await second.goto(`/company/disclosures/${id}`);
    await expect(shareField(item(second, 1))).toHaveValue("50");

    await item(first, 1).getByLabel("Material or component (optional)").fill("Saved from the first page");
    await saveDraft(first);

    await shareField(item(second, 1)).fill("55");
    await second.getByRole("button", { name: "Save the draft" }).click();
    const stale = second.getByRole("alert", { name: "Someone else saved this draft after you opened it" });
    await expect(stale).toBeVisible();
    await expect(stale).toContainText("Saved from the first page");
    await expect(stale.getByTestId("item-row")).toContainText("People's Republic of China");
    await expect(shareField(item(second, 1))).toHaveValue("55");

    // Nothing was overwritten: the stored draft has the first page's change and not the second's.
    const stored = (await (await page.request.get(`/api/v1/disclosures/${id}`)).json()) as { revision: number; items: { material?: string; sharePercent: number }[] };
    expect(stored.items[0]).toMatchObject({ material: "Saved from the first page", sharePercent: 50 });

    await stale.getByRole("button", { name: "Continue from the newer version (discard my unsaved changes)" }).click();
    await expect(stale).toHaveCount(0);
    // The button went with its notice: the focus is at the top of the editor, not back at the page's start.
    await expect(second.getByRole("heading", { name: "Edit the draft" })).toBeFocused();
    await expect(item(second, 1).getByLabel("Material or component (optional)")).toHaveValue("Saved from the first page");
    await expect(shareField(item(second, 1))).toHaveValue("50");
    await shareField(item(second, 1)).fill("55");
    await saveDraft(second);

    const after = (await (await page.request.get(`/api/v1/disclosures/${id}`)).json()) as { revision: number; items: { material?: string; sharePercent: number }[] };
    expect(after.revision).toBe(stored.revision + 1);
    expect(after.items[0]).toMatchObject({ material: "Saved from the first page", sharePercent: 55 });

    // Cancelling a withdrawal takes its confirmation away: the focus goes back to the button that opened it.
    const withdraw = second.getByRole("button", { name: "Withdraw this disclosure" });
    await withdraw.click();
    const confirmWithdraw = second.getByRole("group", { name: "Withdraw this disclosure? It can no longer be edited or reviewed." });
    await expect(confirmWithdraw).toBeVisible();
    await confirmWithdraw.getByRole("button", { name: "Cancel" }).click();
    await expect(confirmWithdraw).toHaveCount(0);
    await expect(withdraw).toBeFocused();

    // Edits not saved yet are not lost by leaving: a link of the portal asks first, and staying keeps them.
    const material = item(second, 1).getByLabel("Material or component (optional)");
    await material.fill("Not saved yet");
    const asked: string[] = [];
    second.once("dialog", (dialog) => {
      asked.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    const toList = second.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Disclosures" });
    await toList.click();
    await expect.poll(() => asked).toEqual(["confirm: You have changes that are not saved. Leave this page and lose them?"]);
    await expect(second).toHaveURL(new RegExp(`/company/disclosures/${id}$`));
    await expect(material).toHaveValue("Not saved yet");
    // Closing the tab (or reloading) is asked about by the browser itself.
    const unloading = second.waitForEvent("dialog");
    await second.close({ runBeforeUnload: true });
    const dialog = await unloading;
    expect(dialog.type()).toBe("beforeunload");
    await dialog.dismiss();
    await expect(material).toHaveValue("Not saved yet");
    // Leaving when told so goes; saved edits, and the first page's, are never asked about.
    second.once("dialog", (d) => void d.accept());
    await toList.click();
    await expect(second).toHaveURL(/\/company\/disclosures$/);
    await first.reload();
    await first.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Disclosures" }).click();
    await expect(first).toHaveURL(/\/company\/disclosures$/);
  });
});

test.describe("the items table", () => {
  test.use({ storageState: storageStateFor("minatoOfficer") });

  test("ties each item's details row to the item: the item's number heads its group of rows", async ({ page }) => {
    // Minato's submitted 2026-H1 disclosure, read only: its first item has risk factors and a mitigation plan.
    await page.goto(`/company/disclosures/${demoDisclosureIds.minatoH1}`);
    const rows = page.getByTestId("item-row");
    await expect(rows).toHaveCount(3);
    for (const row of await rows.all()) await expect(row.locator('th[scope="rowgroup"]')).toHaveCount(1);
    const first = rows.nth(0);
    await expect(first.locator("tr")).toHaveCount(2);
    await expect(first.locator('th[scope="rowgroup"]')).toHaveAttribute("rowspan", "2");
    // The details row has one cell, under the columns beside the number: no empty cell before it.
    await expect(first.locator("tr").nth(1).locator("td")).toHaveCount(1);
    await expect(first.locator("tr").nth(1)).toContainText("Restart domestic 6-APA fermentation with public support.");
  });
});

test.describe("the review form", () => {
  test.use({ storageState: storageStateFor("reviewer") });

  test("the first click on Record the review acts, though the comment it leaves is empty", async ({ page }) => {
    // Hoshino's submitted 2026-H1 disclosure: the form checks the comment itself, and nothing is sent.
    await page.goto(`/agency/disclosures/${demoDisclosureIds.hoshinoH1}`);
    await page.getByRole("radio", { name: "Request changes" }).check();
    const comment = page.getByRole("textbox", { name: "Comment" });
    await comment.click();
    // Pressing the button takes the focus from the empty comment: were its check on leaving shown then, the error
    // would push the button down from under the pointer, and the click be lost (the focus left on the button).
    await page.getByRole("button", { name: "Record the review" }).click();
    // The click sent the form: its check put the focus back in the comment, with the error.
    await expect(comment).toBeFocused();
    await expect(comment).toHaveAttribute("aria-invalid", "true");
    await expect(comment).toHaveAccessibleDescription(/This field is required\./);
  });
});
