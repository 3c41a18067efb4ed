import { expectNoAxeViolations } from "./axe";
import { expect, noSession, test } from "./fixtures";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { demoUsers } from "../lib/demo/seed-demo";
import { pages } from "./pages";
import { storageStateFor } from "./roles";

// Read-only: these may run on both workers at once.
// Two languages and a full axe run per test: a loaded host needs more than the default 30 s.
test.describe.configure({ mode: "parallel", timeout: 60_000 });

for (const { path, account, heading, slow, status } of pages) {
  test.describe(`${path}${account ? ` as ${account}` : ""}`, () => {
    test.use({ storageState: account ? storageStateFor(account) : noSession });

    test("has no WCAG 2.2 A/AA violations and no script errors, in English and in Japanese", async ({ page, context, baseURL }) => {
      test.slow(slow === true);
      // A script error, or React's report that the server's page and its first client render differ (a
      // hydration error: the page is rendered again on the client, and what was shown first may change).
      const errors: string[] = [];
      page.on("console", (message) => {
        // The browser reports the document's own status when it is an error (the 404 page): that one is meant.
        const ownStatus = status !== undefined && message.text().startsWith(`Failed to load resource: the server responded with a status of ${status} `);
        if (message.type() === "error" && !ownStatus) errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      for (const locale of ["en", "ja"] as const) {
        await test.step(locale, async () => {
          await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
          // From a blank page: an address with a fragment, opened again from itself, would not load again.
          await page.goto("about:blank");
          await page.goto(path);
          await expect(page.locator("html")).toHaveAttribute("lang", locale);
          await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading[locale]);
          // A title of its own (WCAG 2.4.2), before the site's name: not the site's name alone.
          const site = locale === "ja" ? "架け橋（Kakehashi）" : "Kakehashi";
          const title = await page.title();
          expect(title).toMatch(new RegExp(`^\\S.* · ${site.replace(/[()（）]/g, "\\$&")}$`));
          expect(title, "a catalogue key, not its message").not.toMatch(/[a-z]+\.[a-zA-Z]+\.[a-zA-Z]+/);
          await expectNoAxeViolations(page);
          expect(errors, "errors on the page's console").toEqual([]);
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

  test("the navigation marks the current page, and the section of a page below one", async ({ page }) => {
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await page.goto("/company/profile");
    await expect(nav.getByRole("link", { name: "Company profile" })).toHaveAttribute("aria-current", "page");
    await expect(nav.locator("[aria-current]")).toHaveCount(1);
    await page.goto(`/company/disclosures/${demoDisclosureIds.hoshinoH1}`);
    await expect(nav.getByRole("link", { name: "Disclosures" })).toHaveAttribute("aria-current", "location");
    await expect(nav.locator("[aria-current]")).toHaveCount(1);
    // A navigation within the portal (the layout is not rendered again) moves the mark too.
    await nav.getByRole("link", { name: "Dashboard" }).click();
    await expect(page).toHaveURL(/\/company$/);
    await expect(nav.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
    await expect(nav.locator("[aria-current]")).toHaveCount(1);
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

// Administration: each row's button names whom it acts on, and a page offers only the controls its reader may use.
test.describe("the administration's controls", () => {
  const officer = demoUsers.find((u) => u.email === "officer@hoshino.example")!;
  const reviewer2 = demoUsers.find((u) => u.email === "reviewer2@esb.example")!;

  test.describe("for Hoshino's admin", () => {
    test.use({ storageState: storageStateFor("hoshinoAdmin") });

    test("each row's buttons name the user they act on", async ({ page }) => {
      await page.goto("/company/users");
      const row = page.getByTestId("user-row").filter({ hasText: officer.email });
      const named = (visible: string) => new RegExp(`^${visible}.*${officer.displayName}.*\\(${officer.email.replace(/\./g, "\\.")}\\)$`);
      await expect(row.getByRole("button", { name: named("Make administrator") })).toBeVisible();
      await expect(row.getByRole("button", { name: named("Disable account") })).toBeVisible();
      await expect(row.getByRole("button", { name: named("Send password-reset link") })).toBeVisible();
    });

    test("a user's page has no platform admin's controls", async ({ page }) => {
      await page.goto(`/admin/users/${officer.id}`);
      await expect(page.getByRole("button", { name: "Disable account" })).toBeVisible();
      for (const name of ["Reset second factor", "Lift the sign-in lock", "End all sessions"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
    });
  });

  test.describe("for the platform admin", () => {
    test.use({ storageState: storageStateFor("platformAdmin") });

    test("a declaration's End button names its company and start", async ({ page }) => {
      await page.goto(`/admin/users/${reviewer2.id}`);
      const row = page.getByTestId("conflict-row").filter({ hasText: "Hoshino Magnetics" });
      await expect(row.getByRole("button", { name: /^End this declaration: Hoshino Magnetics, from / })).toBeVisible();
    });

    test("the invitation offers the roles of the organisation chosen, as it changes", async ({ page }) => {
      await page.goto("/admin/users");
      const form = page.getByRole("region", { name: "Invite a person" });
      const role = form.getByLabel("Role");
      await form.getByLabel("Organisation").selectOption({ label: "Economic Security Bureau" });
      await expect(role.locator("option")).toHaveText(["Agency reviewer", "Agency approver"]);
      await expect(role).toHaveValue("agency_reviewer");
      await form.getByLabel("Organisation").selectOption({ label: "Hoshino Magnetics" });
      await expect(role.locator("option")).toHaveText(["Compliance officer", "Company administrator"]);
      await expect(role).toHaveValue("company_officer");
    });

    test("their own user page offers nothing done to their own account there", async ({ page }) => {
      await page.goto("/admin/users/00000000-0000-4000-9000-000000000031");
      await expect(page.getByTestId("own-account-note")).toBeVisible();
      for (const name of ["Disable account", "Reset second factor", "Lift the sign-in lock", "End all sessions", "Change role"]) await expect(page.getByRole("button", { name })).toHaveCount(0);
    });
  });
});
