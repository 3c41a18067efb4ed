import type { PlaywrightWorkerArgs } from "@playwright/test";
import { answerActions, expect, test } from "./fixtures";
import { expectFocusedNotice, expectOutcome } from "./notices";
import { storageStateFor } from "./roles";

// The approver's moves on an advisory in the UI: withdrawing one, returning one for changes. Each test makes
// its own advisory through the API, targeting machine tools, and none is published: no company's inbox changes.

const unique = Date.now().toString(36);

test.describe("withdrawing an advisory in the UI", () => {
  test.use({ storageState: storageStateFor("approver") });

  test("the form asks for a reason, and the withdrawal shows on the page", async ({ page, request }) => {
    const created = await request.post("/api/v1/advisories", {
      data: { title: `To be withdrawn ${unique}`, summary: "S", body: "B", severity: "low", tlp: "GREEN", targets: { products: ["machine_tools_robots"] } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(`/agency/advisories/${id}`);
    await page.getByRole("button", { name: "Withdraw…" }).click();
    const confirm = page.getByRole("button", { name: "Withdraw the advisory" });
    await confirm.click();
    await expect(page.getByRole("textbox", { name: /Reason for withdrawal/ })).toHaveAttribute("aria-invalid", "true");
    await page.getByRole("textbox", { name: /Reason for withdrawal/ }).fill("Superseded by the ministry's joint notice.");
    await confirm.click();
    await expectOutcome(page, "The advisory was withdrawn.");
    await expect(page.getByText(/Superseded by the ministry's joint notice\./).first()).toBeVisible();
  });

  test("the first click on Withdraw acts, though the reason it leaves is too short", async ({ page, request }) => {
    const created = await request.post("/api/v1/advisories", {
      data: { title: `Withdrawn at the first click ${unique}`, summary: "S", body: "B", severity: "low", tlp: "GREEN", targets: { products: ["machine_tools_robots"] } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    await page.goto(`/agency/advisories/${id}`);
    await page.getByRole("button", { name: "Withdraw…" }).click();
    const reason = page.getByRole("textbox", { name: /Reason for withdrawal/ });
    await reason.fill("Too short");
    // Pressing the button takes the focus from the reason: were its check on leaving shown then, the error would
    // push the buttons down from under the pointer, and the click be lost (the focus left on the button).
    const confirm = page.getByRole("button", { name: "Withdraw the advisory" });
    await confirm.click();
    // The click sent the form: its check put the focus back in the reason, with the error.
    await expect(reason).toBeFocused();
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(reason).toHaveAccessibleDescription(/Give a reason of at least 10 characters\./);
    await reason.fill("Superseded by the ministry's joint notice.");
    await confirm.click();
    await expectOutcome(page, "The advisory was withdrawn.");
  });

  test("an approver who wrote an advisory is not offered its approval: it waits for another approver", async ({ page, request }) => {
    const created = await request.post("/api/v1/advisories", {
      data: { title: `Written by the approver ${unique}`, summary: "S", body: "B", severity: "low", tlp: "GREEN", targets: { products: ["machine_tools_robots"] } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await request.post(`/api/v1/advisories/${id}/request-approval`)).status()).toBe(200);
    await page.goto(`/agency/advisories/${id}`);
    await expect(page.getByTestId("advisory-status")).toHaveText("Awaiting approval");
    await expect(page.getByText("Awaiting approval by an approver who did not draft it.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve and publish" })).toHaveCount(0);
    // Its writer may still take it back to draft.
    await expect(page.getByRole("button", { name: "Return for changes…" })).toBeVisible();
  });

  test("a colleague who did not write a draft is not offered its withdrawal", async ({ browser, request }) => {
    const created = await request.post("/api/v1/advisories", {
      data: { title: `The approver's draft ${unique}`, summary: "S", body: "B", severity: "low", tlp: "GREEN", targets: { products: ["machine_tools_robots"] } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const colleague = await browser.newContext({ storageState: storageStateFor("reviewer2") });
    try {
      const page = await colleague.newPage();
      await page.goto(`/agency/advisories/${id}`);
      await expect(page.getByText("Only those who wrote this draft send it for approval.")).toBeVisible();
      await expect(page.getByRole("button", { name: "Withdraw…" })).toHaveCount(0);
    } finally {
      await colleague.close();
    }
  });
});

/** An advisory the reviewer drafted and sent for approval, through the API in the reviewer's own session. */
async function awaitingApproval(playwright: PlaywrightWorkerArgs["playwright"], baseURL: string | undefined, name: string): Promise<string> {
  const reviewer = await playwright.request.newContext({ baseURL, storageState: storageStateFor("reviewer") });
  try {
    const created = await reviewer.post("/api/v1/advisories", {
      data: { title: name, summary: "S", body: "B", severity: "low", tlp: "GREEN", targets: { products: ["machine_tools_robots"] } },
    });
    expect(created.status()).toBe(201);
    const id = ((await created.json()) as { id: string }).id;
    expect((await reviewer.post(`/api/v1/advisories/${id}/request-approval`)).status()).toBe(200);
    return id;
  } finally {
    await reviewer.dispose();
  }
}

test.describe("returning an advisory for changes in the UI", () => {
  test.use({ storageState: storageStateFor("approver") });

  test("the approver returns it with a reason through the form, and the page shows it as a draft with the reason", async ({ page, playwright, baseURL }) => {
    const id = await awaitingApproval(playwright, baseURL, `To be returned ${unique}`);
    await page.goto(`/agency/advisories/${id}`);
    // The state is said once, by the status: the revision's is the same.
    await expect(page.getByTestId("advisory-status")).toHaveText("Awaiting approval");
    await expect(page.getByTestId("advisory-revision")).toHaveText("Revision 1");
    const start = page.getByRole("button", { name: "Return for changes…" });
    // Cancelling takes the form away with the focused Cancel: the focus goes back to the button that opened it.
    await start.click();
    // A click, though the reason it leaves is empty: its check on leaving must not move Cancel from under the pointer.
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(start).toBeFocused();
    await start.click();
    const confirm = page.getByRole("button", { name: "Return to draft" });
    const reason = page.getByRole("textbox", { name: /What should change/ });
    // An empty reason is refused in the form, field by field, before anything is sent.
    await confirm.click();
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await reason.fill("Name the gear sizes affected.");
    await confirm.click();
    await expectOutcome(page, "The advisory was returned to its writers for changes: it is a draft again.");
    await expect(page.getByTestId("advisory-status")).toHaveText("Draft");
    await expect(page.getByTestId("advisory-revision")).toHaveText("Revision 1");
    const notice = page.getByRole("status", { name: "Returned for changes" });
    await expect(notice).toContainText("Rin Kato returned this revision on");
    await expect(notice.getByTestId("return-reason")).toHaveText("Name the gear sizes affected.");
    // A draft again: nothing left for the approver to approve or return.
    await expect(page.getByRole("button", { name: "Approve and publish" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Return for changes…" })).toHaveCount(0);
  });

  test("the first click on Return to draft acts, though the reason it leaves is empty", async ({ page, playwright, baseURL }) => {
    const id = await awaitingApproval(playwright, baseURL, `Returned at the first click ${unique}`);
    await page.goto(`/agency/advisories/${id}`);
    await page.getByRole("button", { name: "Return for changes…" }).click();
    const reason = page.getByRole("textbox", { name: /What should change/ });
    await expect(reason).toBeFocused();
    const confirm = page.getByRole("button", { name: "Return to draft" });
    // Pressing the button takes the focus from the empty reason: were its check on leaving shown then, the error
    // would push the buttons down from under the pointer, and the click be lost (the focus left on the button).
    await confirm.click();
    // The click sent the form: its check put the focus back in the reason, with the error.
    await expect(reason).toBeFocused();
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(reason).toHaveAccessibleDescription(/This field is required\./);

    // A press released away from the button is no click: the reason it left is checked then, as on any leaving.
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByRole("button", { name: "Return for changes…" }).click();
    await expect(reason).toBeFocused();
    await expect(reason).not.toHaveAttribute("aria-invalid");
    const box = (await confirm.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y - 200);
    await page.mouse.up();
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(reason).not.toBeFocused();
    await expect(page.getByTestId("advisory-status")).toHaveText("Awaiting approval");
  });

  test.describe("on a touch screen", () => {
    test.use({ hasTouch: true });

    test("the first tap on Return to draft acts, though the reason it leaves is empty", async ({ page, playwright, baseURL }) => {
      const id = await awaitingApproval(playwright, baseURL, `Returned at the first tap ${unique}`);
      await page.goto(`/agency/advisories/${id}`);
      await page.getByRole("button", { name: "Return for changes…" }).tap();
      const reason = page.getByRole("textbox", { name: /What should change/ });
      await expect(reason).toBeFocused();
      // A tap is a press and a release at once, the press emulated as a mouse's after the finger lifts: the
      // reason's check on leaving must not move the button from under it between the two.
      await page.getByRole("button", { name: "Return to draft" }).tap();
      await expect(reason).toBeFocused();
      await expect(reason).toHaveAttribute("aria-invalid", "true");
      await expect(reason).toHaveAccessibleDescription(/This field is required\./);
      await reason.fill("Name the gear sizes affected.");
      await page.getByRole("button", { name: "Return to draft" }).tap();
      await expectOutcome(page, "The advisory was returned to its writers for changes: it is a draft again.");
    });
  });

  test("a refused move says every error the server gave, beside the reason or in a notice that takes the focus", async ({ page, playwright, baseURL }) => {
    const id = await awaitingApproval(playwright, baseURL, `Refused moves ${unique}`);
    await page.goto(`/agency/advisories/${id}`);
    // The server's answers are given here: the page is what is tested, and nothing moves.
    await answerActions(
      page,
      { ok: false, code: "validation", message: "The input is not valid.", fieldErrors: { revision: ["validation.integer"] }, requestId: "e2e-move-0001" },
      { ok: false, code: "validation", message: "The input is not valid.", fieldErrors: { reason: ["validation.tooLong"] }, requestId: "e2e-move-0002" },
    );
    await page.getByRole("button", { name: "Approve and publish…" }).click();
    await page.getByRole("button", { name: "Publish now" }).click();
    const notice = page.getByRole("alert", { name: "That did not work" });
    await expect(notice).toContainText("Enter a whole number.");
    await expectFocusedNotice(notice);

    await page.getByRole("button", { name: "Return for changes…" }).click();
    const reason = page.getByRole("textbox", { name: /What should change/ });
    await reason.fill("Name the gear sizes affected.");
    await page.getByRole("button", { name: "Return to draft" }).click();
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(reason).toHaveAccessibleDescription(/This is too long\./);
    await expect(reason).toBeFocused();
    await expect(notice).toContainText("Check the fields marked below.");
  });
});

test.describe("two pages on one advisory draft", () => {
  test.use({ storageState: storageStateFor("approver") });

  test("the second save is refused with the newer save shown, and continues from it", async ({ page, context, request }) => {
    test.slow();
    const created = await request.post("/api/v1/advisories", {
      data: { title: `Two editors ${unique}`, summary: "First summary.", body: "B", severity: "low", tlp: "GREEN", targets: { products: ["machine_tools_robots"] } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const first = page;
    const second = await context.newPage();
    await first.goto(`/agency/advisories/${id}/edit`);
    await second.goto(`/agency/advisories/${id}/edit`);

    await first.getByLabel("Summary").fill("Saved from the first page.");
    await first.getByRole("button", { name: "Save the draft" }).click();
    await expectOutcome(first, "The draft was saved.");

    await second.getByLabel("Title").fill(`Two editors, second page ${unique}`);
    await second.getByRole("button", { name: "Save the draft" }).click();
    const newer = second.getByTestId("newer-save");
    await expect(newer).toContainText("Saved from the first page.");
    // Nothing was overwritten, and the second page's edit is still in its form.
    expect(((await (await request.get(`/api/v1/advisories/${id}`)).json()) as { title: string; summary: string })).toMatchObject({ title: `Two editors ${unique}`, summary: "Saved from the first page." });
    await expect(second.getByLabel("Title")).toHaveValue(`Two editors, second page ${unique}`);

    await second.getByRole("button", { name: "Continue from the newer save (discard my unsaved changes)" }).click();
    await expect(newer).toHaveCount(0);
    await expect(second.getByLabel("Title")).toBeFocused();
    await expect(second.getByLabel("Title")).toHaveValue(`Two editors ${unique}`);
    await expect(second.getByLabel("Summary")).toHaveValue("Saved from the first page.");
    await second.getByLabel("Title").fill(`Two editors, second page ${unique}`);
    await second.getByRole("button", { name: "Save the draft" }).click();
    await expectOutcome(second, "The draft was saved.");
    expect(((await (await request.get(`/api/v1/advisories/${id}`)).json()) as { title: string; summary: string })).toMatchObject({
      title: `Two editors, second page ${unique}`,
      summary: "Saved from the first page.",
    });
  });
});
