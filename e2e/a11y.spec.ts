import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, noSession, test } from "./fixtures";
import { storageStateFor, type AccountKey } from "./roles";

const pages: { path: string; account: AccountKey | null; heading: { en: string; ja: string } }[] = [
  { path: "/sign-in", account: null, heading: { en: "Sign in", ja: "サインイン" } },
  { path: "/company", account: "hoshinoOfficer", heading: { en: "Hoshino Magnetics", ja: "星野マグネティクス" } },
  { path: "/company/profile", account: "hoshinoOfficer", heading: { en: "Company profile", ja: "企業プロファイル" } },
  { path: "/agency", account: "reviewer", heading: { en: "Agency workspace", ja: "省庁ワークスペース" } },
  { path: "/oversight", account: "auditor", heading: { en: "Oversight console", ja: "監査コンソール" } },
];

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
  expect(summary).toEqual([]);
}

// Read-only: these may run on both workers at once.
test.describe.configure({ mode: "parallel" });

for (const { path, account, heading } of pages) {
  test.describe(`${path}${account ? ` as ${account}` : ""}`, () => {
    test.use({ storageState: account ? storageStateFor(account) : noSession });

    test("has no WCAG 2.1 A/AA violations, in English and in Japanese", async ({ page, context, baseURL }) => {
      for (const locale of ["en", "ja"] as const) {
        await test.step(locale, async () => {
          await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
          await page.goto(path);
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading[locale]);
          await expectNoAxeViolations(page);
        });
      }
    });
  });
}

test.describe("the shell, for Hoshino's officer", () => {
  test.use({ storageState: storageStateFor("hoshinoOfficer") });

  test("has the landmarks", async ({ page }) => {
    await page.goto("/company");
    await expect(page.getByRole("banner")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
    await expect(page.getByRole("main")).toHaveAttribute("id", "main");
    await expect(page.getByRole("contentinfo")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByTestId("language-switch")).toBeVisible();
  });

  test("the first Tab reaches the skip link, and Enter moves focus to the main content", async ({ page }) => {
    await page.goto("/company");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hoshino Magnetics");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to main content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
    await expect(page).toHaveURL(/#main$/);
  });
});
