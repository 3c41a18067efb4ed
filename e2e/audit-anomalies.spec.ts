import { request as playwrightRequest } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { expect, expectNotFoundPage, expectProblem, test } from "./fixtures";
import { storageStateFor } from "./roles";

// Anomaly flags for auditors, with the default thresholds of the e2e server (5 failed sign-ins for
// one email within 15 minutes raise a flag). Each test makes its own failures for an email of its own.

const SIGN_IN_FAILURES = 5;

/** Fails to sign in `times` times as `email`, through Auth.js's endpoints, in a browserless context. */
async function failSignIns(baseURL: string, email: string, times: number): Promise<void> {
  const request = await playwrightRequest.newContext({ baseURL });
  try {
    for (let i = 0; i < times; i++) {
      const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
      const response = await request.post("/api/auth/callback/credentials", {
        form: { email, password: "not-the-password-1", csrfToken },
        maxRedirects: 0,
      });
      expect(response.status()).toBe(302);
      expect(response.headers().location).toMatch(/error=/);
    }
  } finally {
    await request.dispose();
  }
}

const uniqueEmail = (tag: string) => `anomaly-${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@nowhere.example`;

test.describe("the auditor", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("sees a sign-in-failure flag for repeated failures on one email and opens its events", async ({ page, baseURL }) => {
    const email = uniqueEmail("ui");
    await failSignIns(baseURL!, email, SIGN_IN_FAILURES);

    await page.goto("/oversight");
    await page.getByRole("link", { name: "Review anomaly flags" }).click();
    await expect(page).toHaveURL(/\/oversight\/anomalies$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Anomalies");

    const section = page.getByRole("region", { name: "Sign-in failures", exact: true });
    await expect(section).toContainText("5 or more failed sign-ins for one email address, or from one client address, within 15 minutes.");
    const flag = section.getByTestId("anomaly-flag").filter({ hasText: email });
    await expect(flag).toHaveCount(1);
    await expect(flag.getByRole("cell").nth(0)).toHaveText("Medium");
    await expect(flag.getByRole("cell").nth(1)).toContainText(`Sign-in as ${email}`);
    await expect(flag.getByRole("cell").nth(2)).toHaveText("auth.sign_in_failed");
    await expect(flag.getByRole("cell").nth(4)).toHaveText(String(SIGN_IN_FAILURES));

    await flag.getByRole("link", { name: "View events" }).click();
    await expect(page).toHaveURL(/\/oversight\/events\?action=auth\.sign_in_failed&from=[^&]+&to=[^&]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
    const rows = page.getByTestId("audit-event-row");
    await expect(rows.first()).toBeVisible();
    // The window is the failures' own: other specs' failures may fall into it, never fewer than ours.
    expect(await rows.count()).toBeGreaterThanOrEqual(SIGN_IN_FAILURES);
    await expect(rows.filter({ hasNotText: "auth.sign_in_failed" })).toHaveCount(0);
  });

  test("gets the same flag from the API, and 422 problem+json for a bad range", async ({ page, baseURL }) => {
    const email = uniqueEmail("api");
    await failSignIns(baseURL!, email, SIGN_IN_FAILURES);
    const response = await page.request.get("/api/v1/audit/anomalies");
    expect(response.status(), await response.text()).toBe(200);
    const report = (await response.json()) as { thresholds: { signInFailures: number }; flags: { rule: string; attemptedEmail: string | null; count: number; eventsLink: string }[] };
    expect(report.thresholds.signInFailures).toBe(SIGN_IN_FAILURES);
    const flags = report.flags.filter((f) => f.rule === "sign_in_failures" && f.attemptedEmail === email);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ count: SIGN_IN_FAILURES, eventsLink: expect.stringMatching(/^\/oversight\/events\?action=auth\.sign_in_failed&/) });

    const bad = await expectProblem(await page.request.get("/api/v1/audit/anomalies?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&rule=x"), 422);
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        { path: "rule", message: "This filter is not known." },
        { path: "to", message: "The time range may span 31 days at most." },
      ]),
    );
    await expectProblem(await page.request.get("/api/v1/audit/anomalies?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), 422);
    await expectProblem(await page.request.post("/api/v1/audit/anomalies", { data: {} }), 405);
  });

  test("shows an empty state and field errors for a range without flags or a reversed one", async ({ page }) => {
    await page.goto("/oversight/anomalies?from=2001-01-01T00:00&to=2001-01-02T00:00");
    await expect(page.getByTestId("anomalies-none")).toHaveText("No anomalies were flagged in this period.");
    await expect(page.getByRole("region", { name: "Break-glass use", exact: true })).toContainText("No flags for this rule in this period.");
    await expect(page.getByLabel("From", { exact: true })).toHaveValue("2001-01-01T00:00");

    await page.goto("/oversight/anomalies?from=2001-01-02T00:00&to=2001-01-01T00:00");
    await expect(page.getByRole("alert", { name: "The time range is not valid" })).toBeVisible();
    await expect(page.getByLabel("To", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("To", { exact: true })).toHaveAccessibleDescription(/must not be before its start/);
  });

  for (const locale of ["en", "ja"] as const) {
    test(`has no WCAG 2.2 A/AA violations in ${locale}, with flags, empty and with errors`, async ({ page, context, baseURL }) => {
      test.slow(); // three axe passes: over 30 s when the shared machine is busy
      await failSignIns(baseURL!, uniqueEmail(`axe-${locale}`), SIGN_IN_FAILURES);
      await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
      await page.goto("/oversight/anomalies");
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(locale === "en" ? "Anomalies" : "異常検知");
      await expect(page.getByTestId("anomaly-flag").first()).toBeVisible();
      await expect(page.getByRole("navigation", { name: locale === "en" ? "Main navigation" : "メインナビゲーション" }).getByRole("link", { name: locale === "en" ? "Anomalies" : "異常検知" })).toBeVisible();
      await expectNoAxeViolations(page);

      await page.goto("/oversight/anomalies?from=2001-01-01T00:00&to=2001-01-02T00:00");
      await expect(page.getByTestId("anomalies-none")).toBeVisible();
      await expectNoAxeViolations(page);

      await page.goto("/oversight/anomalies?from=2001-01-02T00:00&to=2001-01-01T00:00");
      await expect(page.getByRole("alert", { name: locale === "en" ? "The time range is not valid" : "期間の指定に誤りがあります" })).toBeVisible();
      await expectNoAxeViolations(page);
    });
  }
});

test.describe("an officer", () => {
  test.use({ storageState: storageStateFor("hoshinoOfficer") });

  test("gets the 404 page and 404 problem+json, and no Anomalies in the navigation", async ({ page }) => {
    await expectNotFoundPage(page, "/oversight/anomalies");
    await expectNotFoundPage(page, "/oversight/anomalies?from=nonsense");
    await expectProblem(await page.request.get("/api/v1/audit/anomalies"), 404);
    await expectProblem(await page.request.get("/api/v1/audit/anomalies?from=nonsense"), 404);
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Dashboard" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Anomalies" })).toHaveCount(0);
  });
});
