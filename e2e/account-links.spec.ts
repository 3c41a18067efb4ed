import { request as playwrightRequest, type APIRequestContext, type BrowserContext, type Page, type Request } from "@playwright/test";
import { generate } from "otplib";
import { answerActions, expect, expectNotFoundPage, expectProblem, noSession, signInThroughUi, test } from "./fixtures";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { storageStateFor } from "./roles";

// Accounts made by link (issue 7): the link page, an agency reviewer invited from the admin console up to
// their first sign-in and authenticator, a lock lifted, recovery codes, and an officer's authenticator set
// up and removed on the account page.

const unique = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** The newest link of a kind in the demo mailbox for an address. */
async function linkFromMailbox(request: APIRequestContext, email: string, path: string): Promise<string> {
  const html = await (await request.get(`/demo/mailbox?to=${encodeURIComponent(email)}`)).text();
  const match = new RegExp(`https?://[^\\s<"]+${path}#token=[A-Za-z0-9_%-]+`).exec(html);
  expect(match, `a ${path} link for ${email}`).toBeTruthy();
  const url = new URL(match![0].replaceAll("&amp;", "&"));
  expect(url.search, "the link's secret is in its fragment, not its query").toBe("");
  return url.pathname + url.hash;
}

async function setPassword(page: Page, password: string) {
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("Repeat the new password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
}

test.describe("the page of an invitation or reset link", () => {
  test.use({ storageState: noSession });

  test("moves a link of the older form (?token=) to the fragment once, and checks it like any other", async ({ page }) => {
    await page.goto("/welcome?token=not-a-valid-token-at-all-000000");
    await expect(page).toHaveURL(/\/welcome#token=not-a-valid-token-at-all-000000$/);
    await expect(page.getByRole("alert", { name: "This link cannot be used" })).toContainText("This link is not valid.");
  });

  test("says a link without its token is not complete, and checks a token pasted into the open page's address", async ({ page }) => {
    await page.goto("/reset-password");
    await expect(page.getByRole("alert", { name: "This link cannot be used" })).toContainText("This link is not complete.");
    await page.evaluate(() => (window.location.hash = "token=not-a-valid-token-at-all-000000"));
    await expect(page.getByRole("alert", { name: "This link cannot be used" })).toContainText("This link is not valid.");
  });

  test("forgot password: the confirmation takes the focus from the form it replaces; a refused address is said beside the field", async ({ page }) => {
    await page.goto("/forgot-password");
    const field = page.getByLabel("Email address");
    await field.fill(`${unique("nobody")}@example.com`);
    // The server's field error (the form's own check agrees with it, so the answer is given in its place).
    await answerActions(page, { ok: false, code: "validation", message: "The input is not valid.", fieldErrors: { email: ["validation.email"] }, requestId: "e2e-forgot-0001" });
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(field).toHaveAccessibleDescription(/Enter a valid email address\./);
    await expect(field).toBeFocused();
    await page.unrouteAll();
    await page.getByRole("button", { name: "Send the link" }).click();
    await expect(page.getByRole("status", { name: "Request received" })).toContainText("a reset link is on its way");
    await expect(page.locator("*:focus")).toContainText("Request received");
  });

  test.describe("where scripts are off", () => {
    test.use({ javaScriptEnabled: false });

    test("says it needs JavaScript, since only its script can read the link", async ({ page }) => {
      await page.goto("/welcome#token=not-a-valid-token-at-all-000000");
      await expect(page.getByRole("status")).toHaveText("Checking the link…");
      // Read as the page holds it: a browser with scripts off shows it; Playwright's switch leaves the parser
      // treating <noscript> as raw text (as forms-before-script.spec.ts reads ClientForm's notice).
      expect(await page.locator("main noscript").textContent()).toContain("This page needs JavaScript to read the link");
    });
  });
});

test.describe("an invitation from the admin console", () => {
  test.describe.configure({ mode: "serial" });
  const email = `${unique("invited")}@esb.example`;
  const password = "lantern river morning 42";
  let link = "";
  let session: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

  test("a platform admin invites an agency reviewer; the email waits in the outbox", async ({ pageAs }) => {
    const admin = await pageAs("platformAdmin");
    await admin.goto("/admin/users");
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Users");
    const form = admin.getByRole("region", { name: "Invite a person" });
    await form.getByLabel("Email address").fill(email);
    await form.getByLabel("Name").fill("Kaito Invited");
    await form.getByLabel("Organisation").selectOption({ label: "Economic Security Bureau" });
    await form.getByLabel("Role").selectOption({ label: "Agency reviewer" });
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Invitation sent" })).toContainText(email);
    await admin.reload();
    await expect(admin.getByTestId("user-row").filter({ hasText: email })).toContainText("Invited");

    const anonymous = await playwrightRequest.newContext({ baseURL: admin.url().replace(/\/admin.*$/, "") });
    link = await linkFromMailbox(anonymous, email, "/welcome");
    await anonymous.dispose();
  });

  test("the reviewer follows the link: weak passwords get field errors; then the password is set and the link is spent", async ({ browser }) => {
    const context = await browser.newContext({ storageState: noSession });
    const page = await context.newPage();
    // The link's secret is in its fragment: no request of the page carries it in its address or headers
    // (a server's or a proxy's log, a Referer); it travels only in the body of the page's own POSTs.
    const token = new URLSearchParams(link.slice(link.indexOf("#") + 1)).get("token")!;
    const requests: Promise<{ line: string; posted: boolean }>[] = [];
    const record = (r: Request) =>
      requests.push(r.allHeaders().then((headers) => ({ line: `${r.method()} ${r.url()} ${JSON.stringify(headers)}`, posted: (r.postData() ?? "").includes(token) })));
    page.on("request", record);
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Kakehashi");
    await expect(page.getByText(`Account: ${email}`)).toBeVisible();

    await setPassword(page, "too-short-1");
    await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/Use at least 12 characters/);
    await setPassword(page, `my ${email.split("@")[0]} pass`);
    await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/must not contain your email address/);

    // The meter scores as one types, with the estimator the server decides by; a guessable password is refused there.
    const strength = page.getByTestId("password-strength");
    await page.getByLabel("New password", { exact: true }).fill("iloveyou12345");
    await expect(strength).toContainText("Not strong enough yet.");
    await expect(strength).toContainText("close to a commonly used password");
    await setPassword(page, "iloveyou12345");
    await expect(page.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/too easy to guess/);

    await page.getByLabel("New password", { exact: true }).fill(password);
    await expect(strength).toContainText("Strong enough.");
    await setPassword(page, password);
    await expect(page.getByRole("status", { name: "Password set" })).toBeVisible();
    // The form and its button gave way to the notice: the notice has the focus.
    await expect(page.locator("*:focus")).toContainText("Password set");
    // Stop recording before the page goes on: a request still asking for its headers when the context
    // closes would fail the test after it passed.
    page.off("request", record);
    const sent = await Promise.all(requests);
    expect(sent.filter((r) => r.posted).length, "the page checked the link and set the password in POSTs").toBeGreaterThanOrEqual(2);
    expect(sent.filter((r) => r.line.includes(token)).map((r) => r.line)).toEqual([]);

    // The same address again, from another page (a fragment change alone would not load it).
    await page.goto("/sign-in");
    await page.goto(link);
    await expect(page.getByRole("alert", { name: "This link cannot be used" })).toContainText("This link has already been used.");
    await context.close();
  });

  test("the reviewer signs in, enrols an authenticator from the QR step and lands in the agency workspace", async ({ browser }) => {
    const context = await browser.newContext({ storageState: noSession });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(email);
    const passwordField = page.getByLabel("Password", { exact: true });
    await passwordField.fill(password);
    // What was typed may be shown, to check a long passphrase, and hidden again.
    await page.getByRole("button", { name: "Show Password" }).click();
    await expect(passwordField).toHaveAttribute("type", "text");
    await expect(passwordField).toHaveValue(password);
    await page.getByRole("button", { name: "Hide Password" }).click();
    await expect(passwordField).toHaveAttribute("type", "password");
    await page.getByRole("button", { name: "Sign in" }).click();
    // The set-up step starts at its instructions, not past the QR code, key and recovery codes at the field.
    await expect(page.getByText("Your account must sign in with a second factor. Set up an authenticator app now.")).toBeFocused();
    await expect(page.getByRole("img", { name: "QR code for setting up Kakehashi in an authenticator app" })).toBeVisible();
    await expect(page.getByTestId("recovery-code")).toHaveCount(10);
    const secret = (await page.getByTestId("totp-secret").innerText()).trim();
    await page.getByLabel("Authentication code").fill(await generate({ secret }));
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/agency$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Agency workspace");
    session = await context.storageState();
    await context.close();
  });

  test("a platform admin lifts the reviewer's sign-in lock from the user page after 5 wrong passwords", async ({ pageAs, playwright, baseURL }) => {
    const api = await playwright.request.newContext({ baseURL });
    for (let i = 0; i < 5; i++) {
      const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
      await api.post("/api/auth/callback/credentials", { form: { email, password: "not-the-password-1", csrfToken }, maxRedirects: 0 });
    }
    await api.dispose();
    const admin = await pageAs("platformAdmin");
    await admin.goto("/admin/users");
    await admin.getByTestId("user-row").filter({ hasText: email }).getByRole("link").first().click();
    // The 5th failure set a wait of a second, which has most likely passed by now.
    await expect(admin.getByTestId("sign-in-failures")).toContainText("5 counted");
    await admin.getByRole("button", { name: "Lift the sign-in lock" }).click();
    await expect(admin.getByTestId("sign-in-failures")).toHaveText("None counted");
    await expect(admin.getByRole("button", { name: "Lift the sign-in lock" })).toHaveCount(0);
    // The button went with the lock: what was done is said where the focus went, not on <body>.
    await expect(admin.getByRole("status").filter({ hasText: "The sign-in lock was lifted." })).toBeFocused();
    expect(await admin.evaluate(() => document.activeElement === document.body)).toBe(false);
    // A command that stays on the page says it was done, too.
    await admin.getByRole("button", { name: "Send password-reset link" }).click();
    await expect(admin.getByRole("status").filter({ hasText: `A password-reset link was sent to ${email}.` })).toBeFocused();
  });

  test("new recovery codes ask for the password again: a wrong one is refused with a field error, the right one shows 10 codes", async ({ browser }) => {
    const context = await browser.newContext({ storageState: session });
    const page = await context.newPage();
    await page.goto("/account");
    const secondFactor = page.getByRole("region", { name: "Second factor" });
    const current = secondFactor.getByLabel("Current password", { exact: true });
    await expect(current).toHaveAccessibleDescription(/needs your password again/);
    await current.fill("not-the-password-2");
    await secondFactor.getByRole("button", { name: "Make new recovery codes" }).click();
    await expect(current).toHaveAccessibleDescription(/This is not your current password/);
    await expect(current).toBeFocused();
    await expect(page.getByTestId("recovery-code")).toHaveCount(0);
    await current.fill(password);
    await secondFactor.getByRole("button", { name: "Make new recovery codes" }).click();
    await expect(page.getByTestId("recovery-code")).toHaveCount(10);
    await expect(current).toHaveValue("");
    await context.close();
  });

  test("the platform admin opening a disclosure gets 404, in the page and in the API, and the pages' refusals are on record", async ({ pageAs, baseURL }) => {
    const admin = await pageAs("platformAdmin");
    const since = new Date().toISOString();
    await expectNotFoundPage(admin, `/agency/disclosures/${demoDisclosureIds.hoshinoH1}`);
    await expectNotFoundPage(admin, `/company/disclosures/${demoDisclosureIds.hoshinoH1}`);
    await expectProblem(await admin.request.get(`/api/v1/disclosures/${demoDisclosureIds.hoshinoH1}`), 404);

    const auditor = await playwrightRequest.newContext({ baseURL, storageState: storageStateFor("auditor") });
    try {
      const response = await auditor.get(`/api/v1/audit/events?action=access.denied&targetType=page&from=${encodeURIComponent(since)}&limit=100`);
      expect(response.status()).toBe(200);
      const { items } = (await response.json()) as { items: { actorEmail: string; targetId: string; details: { attempted: string } }[] };
      const admins = items.filter((e) => e.actorEmail === "admin@kakehashi.example");
      expect(admins.map((e) => [e.targetId, e.details.attempted]).sort()).toEqual([
        ["/agency/disclosures/[id]", "disclosure.review"],
        ["/company/disclosures/[id]", "disclosure.read_own"],
      ]);
    } finally {
      await auditor.dispose();
    }
  });
});

test.describe("an authenticator set up and removed on the account page", () => {
  test.describe.configure({ mode: "serial" });
  const email = `${unique("officer")}@tsubame.example`;
  const password = "harbour lantern evening 58";

  test("a new officer sets it up and removes it: each step is said where the focus goes", async ({ pageAs, browser }) => {
    test.slow(); // an invitation, a password, a sign-in and two changes of the second factor
    const admin = await pageAs("platformAdmin");
    await admin.goto("/admin/users");
    const form = admin.getByRole("region", { name: "Invite a person" });
    await form.getByLabel("Email address").fill(email);
    await form.getByLabel("Name").fill("Rin Enrolling");
    await form.getByLabel("Organisation").selectOption({ label: "Tsubame Robotics" });
    await form.getByLabel("Role").selectOption({ label: "Compliance officer" });
    await form.getByRole("button", { name: "Send invitation" }).click();
    await expect(admin.getByRole("status").filter({ hasText: "Invitation sent" })).toContainText(email);
    const anonymous = await playwrightRequest.newContext({ baseURL: admin.url().replace(/\/admin.*$/, "") });
    const link = await linkFromMailbox(anonymous, email, "/welcome");
    await anonymous.dispose();

    const context = await browser.newContext({ storageState: noSession });
    const page = await context.newPage();
    await page.goto(link);
    await setPassword(page, password);
    await expect(page.locator("*:focus")).toContainText("Password set");
    await page.goto("/sign-in");
    await signInThroughUi(page, email, password);
    await expect(page).toHaveURL(/\/company$/);

    await page.goto("/account");
    const card = page.getByRole("region", { name: "Second factor" });
    await card.getByLabel("Current password", { exact: true }).fill(password);
    await card.getByRole("button", { name: "Set up an authenticator app" }).click();
    // The password step gave way to the setup: its first sentence has the focus.
    await expect(card.getByText(/^Scan this QR code/)).toBeFocused();
    const secret = (await card.getByTestId("totp-secret").innerText()).trim();
    await card.getByLabel("Authentication code").fill(await generate({ secret }));
    await card.getByRole("button", { name: "Confirm" }).click();
    // The page now shows the set-up state, without the Confirm button: the status region stayed and has the focus.
    await expect(card.getByRole("button", { name: "Make new recovery codes" })).toBeVisible();
    await expect(card.getByRole("status").filter({ hasText: "Authenticator set up" })).toBeFocused();

    await card.getByLabel("Current password", { exact: true }).fill(password);
    await card.getByRole("button", { name: "Remove the authenticator" }).click();
    await expect(card.getByRole("button", { name: "Set up an authenticator app" })).toBeVisible();
    await expect(card.getByRole("status").filter({ hasText: "The authenticator was removed" })).toBeFocused();
    await context.close();
  });
});
