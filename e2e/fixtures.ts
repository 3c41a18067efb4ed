import { readFileSync } from "node:fs";
import { test as base, expect, type APIRequestContext, type APIResponse, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, msToNextTotpStep, needsTotp, storageStateFor, totpCodeFor, type AccountKey } from "./roles";

/** A browser state with nothing in it: no session cookie, no language cookie. */
export const noSession = { cookies: [], origins: [] };

interface Fixtures {
  /** A page in a browser context of its own, signed in as `account` (closed after the test). */
  pageAs: (account: AccountKey) => Promise<Page>;
}

/**
 * Collects the page's Content-Security-Policy violations (Chromium reports each on the console): a
 * blocked inline style or script is a broken page that may still look fine to a locator.
 */
function watchCsp(page: Page, violations: string[]): Page {
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) violations.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

export const test = base.extend<Fixtures>({
  page: async ({ page }, provide) => {
    const violations: string[] = [];
    await provide(watchCsp(page, violations));
    expect(violations, "Content-Security-Policy violations").toEqual([]);
  },
  pageAs: async ({ browser }, provide) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    const violations: string[] = [];
    await provide(async (account) => {
      const context = await browser.newContext({ storageState: storageStateFor(account) });
      contexts.push(context);
      return watchCsp(await context.newPage(), violations);
    });
    await Promise.all(contexts.map((context) => context.close()));
    expect(violations, "Content-Security-Policy violations").toEqual([]);
  },
});

export { expect };

/**
 * Signs in through the sign-in form, as a person would. A demo account that needs a second factor
 * gets its TOTP code typed in (from its published secret); a code already used in this 30-second step
 * is followed by the next step's code, and if need be by a wait for a fresh step.
 */
export async function signInThroughUi(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (!needsTotp(email) || password !== DEMO_PASSWORD) return;
  const code = page.getByLabel("Authentication code");
  await expect(code).toBeVisible();
  for (const stepsAhead of [0, 1, "wait"] as const) {
    if (stepsAhead === "wait") {
      test.info().setTimeout(test.info().timeout + 35_000);
      await page.waitForTimeout(msToNextTotpStep());
    }
    await code.fill(await totpCodeFor(email, stepsAhead === "wait" ? 1 : stepsAhead));
    await page.getByRole("button", { name: "Verify" }).click();
    const refused = page.getByText("This code is not valid, or it was already used.");
    const outcome = await Promise.race([
      page.waitForURL((url) => url.pathname !== "/sign-in", { timeout: 15_000 }).then(() => "in" as const),
      refused.waitFor({ timeout: 15_000 }).then(() => "refused" as const),
    ]);
    if (outcome === "in") return;
  }
  throw new Error(`the TOTP step refused every code for ${email}`);
}

/**
 * Signs in through Auth.js's credentials endpoint (no browser), with the account's TOTP code where it
 * needs one, retrying with the next step's code when this step's was already used.
 */
export async function signInThroughApi(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<void> {
  for (const stepsAhead of [0, 1, "wait"] as const) {
    if (stepsAhead === "wait") {
      test.info().setTimeout(test.info().timeout + 35_000);
      await new Promise((resolve) => setTimeout(resolve, msToNextTotpStep()));
    }
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const code = needsTotp(email) ? await totpCodeFor(email, stepsAhead === "wait" ? 1 : stepsAhead) : "";
    const response = await request.post("/api/auth/callback/credentials", {
      form: { email, password, code, csrfToken },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    const location = response.headers().location ?? "";
    if (!location.includes("error=")) return;
    expect(location, `sign-in as ${email}`).toContain("code=mfa_invalid");
  }
  throw new Error(`the TOTP step refused every code for ${email}`);
}

/** Rows of the auditor's console matching an action, the actor's email and (optionally) the target id. */
export function auditRows(page: Page, filter: { action: string; actor: string; targetId?: string }): Locator {
  let rows = page
    .getByTestId("audit-row")
    .filter({ has: page.getByRole("cell", { name: filter.action, exact: true }) })
    .filter({ has: page.getByRole("cell", { name: filter.actor, exact: true }) });
  if (filter.targetId) rows = rows.filter({ hasText: filter.targetId });
  return rows;
}

/** Opens the auditor's console in its own context and returns its page. */
export async function openOversight(pageAs: Fixtures["pageAs"]): Promise<Page> {
  const auditor = await pageAs("auditor");
  await auditor.goto("/oversight");
  await expect(auditor.getByRole("heading", { level: 1 })).toHaveText("Oversight console");
  return auditor;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: { path: string; message: string }[];
}

/** Asserts an RFC 9457 answer with the status and returns its body. */
export async function expectProblem(response: APIResponse, status: number): Promise<ProblemBody> {
  expect(response.status(), await response.text()).toBe(status);
  expect(response.headers()["content-type"]).toBe("application/problem+json");
  const body = (await response.json()) as ProblemBody;
  expect(body).toMatchObject({ status, type: expect.stringMatching(/^urn:kakehashi:problem:/), title: expect.any(String) });
  expect(body.detail).toEqual(expect.any(String));
  expect(body.requestId).toEqual(expect.any(String));
  return body;
}

export interface ProfileBody {
  organisationId: string;
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  productCodes: string[];
  sector: string | null;
  version: number;
  updatedAt: string | null;
}

export async function getOwnProfile(request: APIRequestContext): Promise<ProfileBody> {
  const response = await request.get("/api/v1/organisation/profile");
  expect(response.status()).toBe(200);
  return (await response.json()) as ProfileBody;
}

/** The 404 page a portal route renders for anything out of the caller's scope. */
export async function expectNotFoundPage(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found");
  // In one frame: the portal's, never a second inside it.
  await expect(page.getByRole("main")).toHaveCount(1);
}

/**
 * Answers the page's next server actions with `results` in turn, as the server's action would (a React
 * Flight answer of the build the page runs), without running them: for the failures a test cannot cause
 * (the database down, a page gone stale), so that what the page makes of them can be tested.
 */
export async function answerActions(page: Page, ...results: object[]): Promise<void> {
  const buildId = readFileSync(".next/BUILD_ID", "utf8").trim();
  await page.route(
    (url) => url.origin === new URL(page.url()).origin,
    async (route) => {
      const request = route.request();
      if (request.method() !== "POST" || !request.headers()["next-action"] || results.length === 0) return route.fallback();
      const result = results.shift()!;
      await route.fulfill({
        status: 200,
        contentType: "text/x-component",
        body: `0:${JSON.stringify({ a: "$@1", q: "", i: false, b: buildId })}\n1:${JSON.stringify(result)}\n`,
      });
    },
  );
}
