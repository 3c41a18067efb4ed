import { readFile } from "node:fs/promises";
import { expect, expectProblem, noSession, signInThroughUi, test } from "./fixtures";
import { totpCodeFor } from "./roles";

// Account security (issue 7): headers, the TOTP step, throttling, sessions and one's own data. Accounts
// made by link (invitations, resets, the first sign-in and authenticator): account-links.spec.ts.

const SESSIONS_CAPTION = "Where you are signed in";
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
    // An address that merely ends like a file's is a page (here, the 404 page), whatever the ending.
    for (const path of ["/robots.txt", "/favicon.ico", "/company/disclosures/x.txt", "/sign-in/logo.png"]) expectSecurityHeaders((await request.get(path, { maxRedirects: 0 })).headers(), "page");
    // The files served without the proxy: the icon and the build's scripts, never rendered as a page.
    const icon = await request.get("/icon.svg");
    expect(icon.status()).toBe(200);
    expectSecurityHeaders(icon.headers(), "api");
    const chunk = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(chunk).toBeTruthy();
    expectSecurityHeaders((await request.get(chunk!)).headers(), "api");
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
    // The table scrolls under the keyboard on a narrow screen, and the browser's name is shown whole.
    await expect(a.getByRole("region", { name: SESSIONS_CAPTION }).and(a.locator("[tabindex='0']"))).toHaveCount(1);
    await expect(others.getByRole("cell", { name: otherAgent, exact: true })).toBeVisible();
    expect(await others.getByRole("cell", { name: otherAgent, exact: true }).evaluate((cell) => cell.scrollWidth <= cell.clientWidth)).toBe(true);
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

test.describe("email language", () => {
  // Kawasemi's officer only here: the choice is put back to both languages at the end, as the demo has it.
  test("an officer chooses English-only emails on the account page; the choice is kept after a reload and shown by the API, and put back", async ({ pageAs }) => {
    const page = await pageAs("kawasemiOfficer");
    await page.goto("/account");
    const card = page.getByRole("region", { name: "Email language" });
    const language = card.getByLabel("Write my emails in");
    await expect(language).toHaveValue("");
    await language.selectOption({ label: "English only" });
    await card.getByRole("button", { name: "Save the email language" }).click();
    await expect(card.getByRole("status").filter({ hasText: "Email language saved" })).toContainText("Your emails will be written in English.");

    await page.reload();
    await expect(page.getByRole("region", { name: "Email language" }).getByLabel("Write my emails in")).toHaveValue("en");
    const me = await page.request.get("/api/v1/me");
    expect((await me.json()).user.emailLocale).toBe("en");

    await page.getByLabel("Write my emails in").selectOption({ label: "Japanese and English (the default)" });
    await page.getByRole("button", { name: "Save the email language" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Email language saved" })).toContainText("Your emails will be written in Japanese and English.");
    await page.reload();
    await expect(page.getByLabel("Write my emails in")).toHaveValue("");
    expect((await (await page.request.get("/api/v1/me")).json()).user.emailLocale).toBeNull();
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
