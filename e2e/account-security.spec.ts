import { readFile } from "node:fs/promises";
import { request as playwrightRequest, type APIRequestContext, type BrowserContext, type Page, type Request } from "@playwright/test";
import { generate } from "otplib";
import { answerActions, expect, expectNotFoundPage, expectProblem, noSession, signInThroughUi, test } from "./fixtures";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { storageStateFor, totpCodeFor } from "./roles";

// Account security (issue 7): headers, the TOTP step, throttling, sessions, and the invitation of a
// new agency reviewer from the admin console to their first sign-in.

const unique = (tag: string) => `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

function expectSecurityHeaders(headers: Record<string, string>, kind: "page" | "api"): string {
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  // The e2e server is the demo: plain HTTP on a laptop, so no HSTS (a production start sends it).
  expect(headers["strict-transport-security"]).toBeUndefined();
  if (kind === "api") {
    expect(csp).toContain("default-src 'none'");
    return "";
  }
  expect(csp).not.toContain("unsafe-inline");
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, csp).toBeTruthy();
  expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  return nonce!;
}

test.describe("security headers", () => {
  test("every page and API response carries them, and the CSP nonce differs per request and is on the page's scripts", async ({ request }) => {
    const first = await request.get("/sign-in");
    const second = await request.get("/sign-in");
    const n1 = expectSecurityHeaders(first.headers(), "page");
    const n2 = expectSecurityHeaders(second.headers(), "page");
    expect(n1).not.toBe(n2);
    const html = await second.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${n2}"`);
    expect(html).not.toContain(n1);

    expectSecurityHeaders((await request.get("/api/health")).headers(), "api");
    const me = await request.get("/api/v1/me", { headers: { authorization: "Bearer nope" } });
    expect(me.status()).toBe(401);
    expectSecurityHeaders(me.headers(), "api");
    // No cache keeps an API answer, a refusal included (a signed-in read: e2e/api.spec.ts).
    expect(me.headers()["cache-control"]).toBe("no-store");
    // A redirect to sign-in carries them too.
    expectSecurityHeaders((await request.get("/company", { maxRedirects: 0 })).headers(), "page");
  });

  test("signed-in pages run under the policy with no violation", async ({ browser }) => {
    const context = await browser.newContext({ storageState: noSession });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (execute|load|apply)/i.test(message.text())) violations.push(message.text());
    });
    await page.goto("/sign-in");
    await signInThroughUi(page, "reviewer@esb.example");
    await expect(page).toHaveURL(/\/agency$/);
    await page.goto("/agency/disclosures");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Disclosure review");
    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("My account");
    expect(violations).toEqual([]);
    await context.close();
  });
});

test.describe("the TOTP step", () => {
  test("the demo sign-in page shows the government accounts' current codes, and credentials alone give no session", async ({ page, playwright, baseURL }) => {
    await page.goto("/sign-in");
    const row = page.getByTestId("demo-account").filter({ hasText: "approver@esb.example" });
    const shown = await row.getByTestId("demo-account-code").innerText();
    expect([await totpCodeFor("approver@esb.example", -1), await totpCodeFor("approver@esb.example"), await totpCodeFor("approver@esb.example", 1)]).toContain(shown);
    await expect(page.getByTestId("demo-account").filter({ hasText: "officer@hoshino.example" }).getByTestId("demo-account-code")).toHaveText("not needed");

    const api = await playwright.request.newContext({ baseURL });
    const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
    const response = await api.post("/api/auth/callback/credentials", { form: { email: "approver@esb.example", password: "kakehashi-demo", csrfToken }, maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toContain("code=mfa_required");
    expect((await api.get("/api/v1/me")).status()).toBe(401);
    // An address no account could have (a NUL byte in it) is refused like any other, never a server error.
    const odd = await api.post("/api/auth/callback/credentials", { form: { email: "approver\u0000@esb.example", password: "kakehashi-demo", csrfToken }, maxRedirects: 0 });
    expect(odd.status()).toBe(302);
    expect(odd.headers().location).not.toContain("code=mfa_required");
    await api.dispose();
  });

  test("a malformed code gets a field error without asking the server; a wrong one is refused", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill("auditor@oversight.example");
    await page.getByLabel("Password", { exact: true }).fill("kakehashi-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    const code = page.getByLabel("Authentication code");
    await expect(code).toBeVisible();
    await expect(page.getByTestId("demo-code")).toContainText("Demo: the current code for this account is");
    await code.fill("12ab");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(code).toHaveAttribute("aria-invalid", "true");
    await expect(code).toHaveAccessibleDescription(/Enter the 6-digit code from your authenticator app, or a recovery code/);
    await code.fill("000000");
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByText("This code is not valid, or it was already used.")).toBeVisible();
    // The refused code is emptied, tied to its error and focused, so that the next one can be typed at once.
    await expect(code).toHaveAccessibleDescription(/This code is not valid, or it was already used\./);
    await expect(code).toBeFocused();
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test.describe("throttling", () => {
  test("after 5 failures an account backs off: the credentials endpoint answers 429 with Retry-After, and the form says so", async ({ playwright, baseURL, page }) => {
    const email = `${unique("throttle")}@nowhere.example`;
    const api = await playwright.request.newContext({ baseURL });
    const attempt = async () => {
      const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
      return api.post("/api/auth/callback/credentials", { form: { email, password: "not-the-password-1", csrfToken }, maxRedirects: 0 });
    };
    for (let i = 0; i < 5; i++) expect((await attempt()).status()).toBe(302);
    const refused = await attempt();
    const body = await expectProblem(refused, 429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(body.detail).toContain("Too many failed attempts");
    await api.dispose();

    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("not-the-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert", { name: "Sign-in failed" })).toContainText(/Too many failed attempts|wait/);
  });

  test("an address that keeps sending bad API tokens gets 429 with Retry-After", async ({ playwright, baseURL }) => {
    // The e2e server's address rule starts backing off after 100 failures (playwright.config.ts).
    const address = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { "x-forwarded-for": address, authorization: `Bearer khk_${"x".repeat(43)}` } });
    let last = await api.get("/api/v1/me");
    for (let i = 0; i < 100 && last.status() === 401; i++) last = await api.get("/api/v1/me");
    const body = await expectProblem(last, 429);
    expect(Number(last.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(body.title).toBe("Too many requests");
    await api.dispose();
  });
});

test.describe("sessions", () => {
  test("a session ended from the account page is refused at its next request", async ({ browser }) => {
    test.slow(); // two sign-ins in two browsers and six page loads: past 30 s when the machine is busy
    const mine = await browser.newContext({ storageState: noSession });
    // The other browser is told apart in the list by its user agent.
    const otherAgent = `KakehashiE2E/${unique("browser")}`;
    const other = await browser.newContext({ storageState: noSession, userAgent: otherAgent });
    const a = await mine.newPage();
    const b = await other.newPage();
    for (const page of [a, b]) {
      await page.goto("/sign-in");
      await signInThroughUi(page, "officer@tsubame.example");
      await expect(page).toHaveURL(/\/company$/);
    }
    await a.goto("/account");
    const rows = a.getByTestId("session-row");
    await expect(rows.filter({ hasText: "This session" })).toHaveCount(1);
    const others = rows.filter({ hasText: otherAgent });
    await expect(others).toHaveCount(1);
    await others.getByRole("button", { name: /Sign out the session/ }).click();
    await expect(others).toHaveCount(0);
    // The pressed button went with its row: what was done is said where the focus went, not on <body>.
    const said = a.getByRole("status").filter({ hasText: "The session was signed out." });
    await expect(said).toBeFocused();
    expect(await a.evaluate(() => document.activeElement === document.body)).toBe(false);
    expect((await b.request.get("/api/v1/me")).status()).toBe(401);
    await b.goto("/company");
    await expect(b).toHaveURL(/\/sign-in/);
    await a.goto("/company");
    await expect(a.getByRole("heading", { level: 1 })).toHaveText("Tsubame Robotics");
    await mine.close();
    await other.close();
  });
});

test.describe("your data", () => {
  test("anyone can read the privacy notice from the footer, with this server's retention periods", async ({ browser }) => {
    const context = await browser.newContext({ storageState: noSession });
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByRole("contentinfo").getByRole("link", { name: "Privacy notice" }).click();
    await expect(page).toHaveURL(/\/privacy$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy notice");
    await expect(page.getByRole("region", { name: "How long" })).toContainText("Ended sessions are removed after 90 days");
    await context.close();
  });

  test("the account page downloads everything kept about the officer as JSON, without secrets, and the download is on the record", async ({ pageAs }) => {
    const page = await pageAs("minatoOfficer");
    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "Your data" })).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download my data (JSON)" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^kakehashi-my-data-\d{4}-\d\d-\d\d\.json$/);
    const text = await readFile(await download.path(), "utf8");
    const data = JSON.parse(text);
    expect(data.account).toMatchObject({ email: "officer@minato.example", role: "company_officer", organisation: { nameEn: "Minato Pharma" } });
    expect(data.sessions.some((s: { endedAt: string | null }) => s.endedAt === null)).toBe(true);
    expect(data.activity.events.some((e: { action: string }) => e.action === "auth.sign_in")).toBe(true);
    expect(text).not.toMatch(/argon2|passwordHash|secretHash|secretCiphertext/);
    // The next export lists the previous one among the officer's actions.
    const again = await page.request.get("/api/v1/me/export");
    expect(again.status()).toBe(200);
    expect((await again.json()).activity.events[0].action).toBe("account.data_export");
  });
});

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
