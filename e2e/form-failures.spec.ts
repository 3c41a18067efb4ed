import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { answerActions, expect, test } from "./fixtures";
import { storageStateFor } from "./roles";

// How forms say that their action failed. Some failures are real (a taken corporate number, a wrong
// password); those a test cannot cause — the database down, a page gone stale, a rule refusing — are the
// answer of the server action given in its place (`answerActions`): the form is what is tested, not the server.
// Read-only or self-contained: the tests may run on both workers at once.
test.describe.configure({ mode: "parallel" });

const unavailable = { ok: false, code: "unavailable", message: "errors.unavailable", requestId: "e2e-outage-0001" };
const outageText = "The service is temporarily unavailable. Please try again shortly.";
// The session idled out on the server: reloading would lose what was typed, so the form says to sign in elsewhere.
const signedOut = { ok: false, code: "unauthenticated", message: "serviceErrors.signedOut", requestId: "e2e-signed-out-0001" };
const signedOutText = "Your session has ended. To keep your unsaved changes here, sign in again in another tab, then try again.";
// What an answer without a catalogue key (English for the API) is shown as: never a guess at its meaning.
const englishOnly = { ok: false, code: "conflict", message: "Sign in or send a valid API token.", requestId: "e2e-english-0001" };
const genericText = "Something went wrong. Please try again.";

test.describe("account security, as Tsubame's officer", () => {
  test.use({ storageState: storageStateFor("tsubameOfficer") });

  test("a wrong current password is said beside the field, which takes the focus; an outage is said, with its reference", async ({ page }) => {
    await page.goto("/account");
    const form = page.getByRole("region", { name: "Password" });
    const current = form.getByLabel("Current password", { exact: true });
    await current.fill("not-the-password-at-all");
    await form.getByLabel("New password", { exact: true }).fill("lantern river morning 42");
    await form.getByLabel("Repeat the new password", { exact: true }).fill("lantern river morning 42");
    await form.getByRole("button", { name: "Change password" }).click();
    await expect(current).toHaveAccessibleDescription("This is not your current password.");
    await expect(current).toHaveAttribute("aria-invalid", "true");
    await expect(current).toBeFocused();

    await answerActions(page, unavailable);
    await current.fill("another wrong one");
    await form.getByRole("button", { name: "Change password" }).click();
    const notice = page.getByRole("alert", { name: "Password not changed" });
    await expect(notice).toContainText(outageText);
    await expect(notice).toContainText("Reference: e2e-outage-0001");
  });

  test("setting up an authenticator says why it could not start, and why a confirmation failed when the code was not the reason", async ({ page }) => {
    await page.goto("/account");
    await answerActions(page, unavailable);
    // Setting one up asks for the current password first.
    await page.getByRole("region", { name: "Second factor" }).getByLabel("Current password", { exact: true }).fill("the password typed again");
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const notice = page.getByRole("alert", { name: "Authenticator not set up" });
    await expect(notice).toContainText(outageText);
    await expect(notice).toContainText("Reference: e2e-outage-0001");

    // Started (the setup is this test's own, never saved), then the confirmation meets an outage: not "code refused".
    const recoveryCodes = Array.from({ length: 10 }, (_, i) => `e2e0${i}-codes`);
    await answerActions(page, { ok: true, data: { secret: "JBSWY3DPEHPK3PXP", qrDataUrl: "data:image/png;base64,iVBORw0KGgo=", recoveryCodes } }, unavailable, {
      ok: false,
      code: "validation",
      message: "Validation failed",
      fieldErrors: { code: ["validation.codeRefused"] },
      requestId: "e2e-0002",
    });
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const code = page.getByLabel("Authentication code");
    await code.fill("123456");
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(notice).toContainText(outageText);
    await expect(code).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("This code is not valid, or it was already used.")).toHaveCount(0);

    // A refused code is said beside the field, which takes the focus.
    await page.getByRole("button", { name: "Confirm" }).click();
    await expect(code).toHaveAccessibleDescription(/This code is not valid, or it was already used\./);
    await expect(code).toBeFocused();
    await expect(notice).toHaveCount(0);
  });
});

test.describe("administration, as the platform administrator", () => {
  test.use({ storageState: storageStateFor("platformAdmin") });

  test("creating an organisation says every refusal, not only a taken corporate number", async ({ page }) => {
    await page.goto("/admin");
    const form = page.getByRole("region", { name: "Create an organisation" });
    await form.getByLabel("Name in English").fill("Hoshino Again");
    await form.getByLabel("Name in Japanese").fill("星野（重複）");
    await form.getByLabel("Corporate number").fill("5010001000101");
    await form.getByRole("button", { name: "Create organisation" }).click();
    const notice = page.getByRole("alert", { name: "Not saved" });
    await expect(notice).toContainText("An organisation with this corporate number exists already.");
    await expect(notice).toContainText(/Reference: [0-9a-f-]{36}/);

    await answerActions(page, unavailable);
    await form.getByRole("button", { name: "Create organisation" }).click();
    await expect(notice).toContainText(outageText);
    await expect(notice).toContainText("Reference: e2e-outage-0001");
    await expect(notice).not.toContainText("corporate number");
  });

  test("an invitation says why it was refused, with the reference, and never the server's English", async ({ page }) => {
    await page.goto("/admin/users");
    const form = page.getByRole("region", { name: "Invite a person" });
    await form.getByLabel("Email address").fill("officer@hoshino.example");
    await form.getByLabel("Name").fill("Someone Twice");
    await form.getByLabel("Organisation").selectOption({ label: "Hoshino Magnetics" });
    await form.getByLabel("Role").selectOption({ label: "Compliance officer" });
    await form.getByRole("button", { name: "Send invitation" }).click();
    const notice = page.getByRole("alert", { name: "The invitation was not sent" });
    await expect(notice).toContainText("An account with this email address exists already.");
    await expect(notice).toContainText(/Reference: [0-9a-f-]{36}/);

    await answerActions(page, unavailable, {
      ok: false,
      code: "validation",
      message: "Validation failed",
      fieldErrors: { email: ["An English sentence meant for API clients"] },
      requestId: "e2e-0003",
    });
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(notice).toContainText(outageText);
    await expect(notice).toContainText("Reference: e2e-outage-0001");
    // The notice takes the focus (no field is at fault), so that it is read first.
    await expect(page.locator(":focus")).toContainText(outageText);

    await form.getByRole("button", { name: "Send invitation" }).click();
    const email = form.getByLabel("Email address");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(email).toBeFocused();
    await expect(page.getByText("An English sentence meant for API clients")).toHaveCount(0);
  });

  test("the role and assignment forms show each error where it can be seen: on the select, or in words for the user they are about", async ({ page }) => {
    // Sota Nakamura, an agency reviewer: the page has the role, assignments and conflict forms.
    await page.goto("/admin/users/00000000-0000-4000-9000-000000000012");
    const account = page.getByRole("region", { name: "Account" });
    const role = account.getByLabel("Role");
    await answerActions(page, { ok: false, code: "validation", message: "Validation failed", fieldErrors: { role: ["validation.roleForOrganisation"] }, requestId: "e2e-0004" });
    await account.getByRole("button", { name: "Change role" }).click();
    await expect(role).toHaveAttribute("aria-invalid", "true");
    await expect(role).toHaveAccessibleDescription(/This role does not exist in this kind of organisation\./);
    await expect(role).toBeFocused();
    await expect(account.getByRole("alert", { name: "Not saved" })).toContainText("Check the fields marked below.");

    // The user moved to a company since the page was loaded: the error is on the hidden user id.
    const assignments = page.getByRole("region", { name: "Product assignments" });
    await answerActions(page, { ok: false, code: "validation", message: "Validation failed", fieldErrors: { userId: ["validation.agencyStaffAssignment"] }, requestId: "e2e-0005" });
    await assignments.getByRole("button", { name: "Save assignments" }).click();
    const refused = assignments.getByRole("alert", { name: "Not saved" });
    await expect(refused).toContainText("Only agency staff are assigned critical products.");
    await expect(refused).not.toContainText("Check the fields marked below.");
    await expect(page.locator(":focus")).toContainText("Only agency staff are assigned critical products.");
  });

  test("a conflict declaration refused for no field says why, instead of pointing at fields that are not marked", async ({ page }) => {
    await page.goto("/admin/users/00000000-0000-4000-9000-000000000012");
    const declare = page.getByRole("region", { name: "Declared conflicts" });
    await declare.getByLabel("Reason").fill("Former employee until 2024, e2e");
    const notice = declare.getByRole("alert", { name: "Not declared" });

    await answerActions(page, { ok: false, code: "forbidden", message: "serviceErrors.roleNotAllowed", requestId: "e2e-0006" });
    await declare.getByRole("button", { name: "Declare" }).click();
    await expect(notice).toContainText("Your role does not allow this.");
    await expect(notice).toContainText("Reference: e2e-0006");
    await expect(notice).not.toContainText("Check the fields");

    await answerActions(page, { ok: false, code: "validation", message: "Validation failed", fieldErrors: { userId: ["validation.agencyStaffConflict"] }, requestId: "e2e-0007" });
    await declare.getByRole("button", { name: "Declare" }).click();
    await expect(notice).toContainText("Conflicts of interest are declared for agency staff.");
    await expect(notice).not.toContainText("Check the fields");

    await answerActions(page, unavailable);
    await declare.getByRole("button", { name: "Declare" }).click();
    await expect(notice).toContainText(outageText);
    await expect(notice).toContainText("Reference: e2e-outage-0001");
  });
});

test.describe("Kawasemi's 2026-H2 draft, as its officer (every answer given in the action's place: nothing is saved)", () => {
  test.use({ storageState: storageStateFor("kawasemiOfficer") });
  const draft = `/company/disclosures/${demoDisclosureIds.kawasemiH2}`;

  test("a save after the session ended says to sign in elsewhere, not that the status forbids it; English text is said as a generic failure", async ({ page }) => {
    await page.goto(draft);
    await answerActions(page, signedOut, englishOnly);
    await page.getByRole("button", { name: "Save the draft" }).click();
    const notice = page.getByRole("alert", { name: "The draft was not saved." });
    await expect(notice).toContainText(signedOutText);
    await expect(notice).toContainText("Reference: e2e-signed-out-0001");
    await expect(notice).not.toContainText("current status");

    await page.getByRole("button", { name: "Save the draft" }).click();
    await expect(notice).toContainText(genericText);
    await expect(notice).toContainText("Reference: e2e-english-0001");
    await expect(notice).not.toContainText("current status");
    await expect(page.getByText("Sign in or send a valid API token.")).toHaveCount(0);
  });

  test("a refused submission says why and takes the focus from the confirmation it replaces", async ({ page }) => {
    await page.goto(draft);
    await page.getByRole("button", { name: "Submit for review", exact: true }).click();
    const confirm = page.getByRole("group", { name: "Submit version 1?" });
    await answerActions(page, signedOut);
    await confirm.getByRole("button", { name: "Yes, submit version 1" }).click();
    const notice = page.getByRole("alert", { name: "The disclosure was not submitted." });
    await expect(notice).toContainText(signedOutText);
    await expect(notice).not.toContainText("current status");
    await expect(confirm).toHaveCount(0);
    await expect(page.locator(":focus")).toContainText(signedOutText);
  });

  test("a refused withdrawal says why and takes the focus from the confirmation it replaces", async ({ page }) => {
    await page.goto(draft);
    await page.getByRole("button", { name: "Withdraw this disclosure" }).click();
    const confirm = page.getByRole("group", { name: "Withdraw this disclosure? It can no longer be edited or reviewed." });
    await answerActions(page, englishOnly);
    await confirm.getByRole("button", { name: "Yes, withdraw it" }).click();
    const notice = page.getByRole("alert", { name: "The disclosure was not withdrawn." });
    await expect(notice).toContainText(genericText);
    await expect(notice).not.toContainText("current status");
    await expect(confirm).toHaveCount(0);
    await expect(page.locator(":focus")).toContainText(genericText);
  });
});

test.describe("disclosure review and break-glass, for agency staff", () => {
  test("a review refused because the session ended says so; English text is said as a generic failure", async ({ pageAs }) => {
    // Kawasemi's submitted 2026-H1 disclosure: graphite and lithium, which reviewer2 is assigned.
    const page = await pageAs("reviewer2");
    await page.goto(`/agency/disclosures/${demoDisclosureIds.kawasemiH1}`);
    await page.getByRole("radio", { name: "Comment", exact: true }).check();
    await page.getByRole("textbox", { name: "Comment" }).fill("A comment that is never recorded (e2e).");
    await answerActions(page, signedOut, englishOnly);
    await page.getByRole("button", { name: "Record the review" }).click();
    const notice = page.getByRole("alert", { name: "The review was not recorded." });
    await expect(notice).toContainText(signedOutText);
    await expect(notice).not.toContainText("current status");
    await page.getByRole("button", { name: "Record the review" }).click();
    await expect(notice).toContainText(genericText);
    await expect(notice).not.toContainText("current status");
  });

  test("break-glass puts the server's field error on Justification, which takes the focus", async ({ pageAs }) => {
    // No disclosure has this id: an approver is offered break-glass for it, as for one outside the assignment.
    const page = await pageAs("approver");
    await page.goto("/agency/disclosures/00000000-0000-4000-b000-00000000e2e1");
    const field = page.getByLabel("Justification");
    await field.fill("Twenty characters and more, checked again by the server.");
    await answerActions(page, { ok: false, code: "validation", message: "The input is not valid.", fieldErrors: { justification: ["validation.justification"] }, requestId: "e2e-0008" });
    await page.getByRole("button", { name: "Open with break-glass" }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription(/Write a justification of at least 20 characters\./);
    await expect(field).toBeFocused();
    await expect(page.getByRole("alert", { name: "The disclosure was not opened." })).toHaveCount(0);
  });
});

test.describe("filters of the advisory lists", () => {
  test.use({ storageState: storageStateFor("kawasemiOfficer") });

  test("a filter that is not valid is said once in the title and explained below it", async ({ page }) => {
    await page.goto("/company/advisories?severity=apocalyptic");
    const notice = page.getByRole("alert", { name: "Some filters are not valid." });
    await expect(notice).toContainText("Correct the filters marked below, or clear them and start again.");
    await expect(notice.getByText("Some filters are not valid.")).toHaveCount(1);
    await expect(page.getByLabel("Severity")).toHaveAttribute("aria-invalid", "true");
  });

  test("a filter the form has no field for is named in the notice, with its own bound", async ({ page }) => {
    await page.goto("/company/advisories?limit=150&unread=maybe");
    const notice = page.getByRole("alert", { name: "Some filters are not valid." });
    await expect(notice.getByRole("listitem")).toHaveText(["unread: Choose yes or no.", "limit: Enter a page size from 1 to 100."]);
  });
});

test.describe("filters of the disclosure list", () => {
  test.use({ storageState: storageStateFor("hoshinoOfficer") });

  test("the access log names a page link or filter it cannot take, and offers every entry", async ({ page }) => {
    await page.goto("/company/access-log?cursor=zzz&breakGlass=maybe");
    const notice = page.getByRole("alert", { name: "The address is not valid" });
    await expect(notice.getByRole("listitem")).toHaveText(["breakGlass: Choose yes or no.", "cursor: This page link is not valid. Start again from the first page."]);
    await page.getByRole("link", { name: "Show every entry" }).click();
    await expect(page).toHaveURL(/\/company\/access-log$/);
    await expect(page.getByRole("region", { name: "Accesses and refused attempts" })).toBeVisible();
    await expect(notice).toHaveCount(0);
  });

  test("the access log's time range is checked beside its fields, and kept as asked", async ({ page }) => {
    await page.goto("/company/access-log");
    await page.getByLabel("From", { exact: true }).fill("2026-05-02T00:00:00");
    await page.getByLabel("To", { exact: true }).fill("2026-05-01T00:00:00");
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await expect(page.getByRole("alert", { name: "The address is not valid" })).toBeVisible();
    await expect(page.getByLabel("To", { exact: true })).toHaveAccessibleDescription(/must not be before its start/);
    await expect(page.getByLabel("From", { exact: true })).toHaveValue(/^2026-05-02T00:00(:00)?$/);
    // A range in the future holds nothing yet.
    await page.getByLabel("From", { exact: true }).fill("2999-01-01T00:00:00");
    await page.getByLabel("To", { exact: true }).fill("");
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await expect(page.getByText("No entry matches these filters.")).toBeVisible();
    await expect(page.getByTestId("access-row")).toHaveCount(0);
  });

  test("the notice names what the form cannot mark, and the form marks the rest", async ({ page }) => {
    await page.goto("/company/disclosures?period=2026-H3&cursor=not-a-cursor");
    const notice = page.getByRole("alert", { name: "Some filters are not valid" });
    await expect(notice.getByRole("listitem")).toHaveText(["cursor: This page link is not valid. Start again from the first page."]);
    await expect(page.getByRole("region", { name: "Filter" }).getByLabel("Reporting period")).toHaveAttribute("aria-invalid", "true");
  });
});

test.describe("the account page's authenticator setup, as Tsubame's officer", () => {
  test.use({ storageState: storageStateFor("tsubameOfficer") });

  test("the setup that replaces the password step takes the focus on its first sentence", async ({ page }) => {
    await page.goto("/account");
    // Started in the answer given in the server's place: the setup is this test's own, never saved.
    const recoveryCodes = Array.from({ length: 10 }, (_, i) => `e2e1${i}-codes`);
    await answerActions(page, { ok: true, data: { secret: "JBSWY3DPEHPK3PXP", qrDataUrl: "data:image/png;base64,iVBORw0KGgo=", recoveryCodes } });
    const card = page.getByRole("region", { name: "Second factor" });
    await card.getByLabel("Current password", { exact: true }).fill("the password typed again");
    await card.getByRole("button", { name: "Set up an authenticator app" }).click();
    await expect(card.getByText(/^Scan this QR code/)).toBeFocused();
  });
});
