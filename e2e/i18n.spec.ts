import { expect, noSession, test } from "./fixtures";
import { storageStateFor } from "./roles";

// Read-only, each test in its own contexts: they may run on both workers at once.
test.describe.configure({ mode: "parallel" });

test.describe("on the sign-in page", () => {
  test.use({ storageState: noSession });

  test("the language switch shows Japanese, keeps it across navigation, and switches back", async ({ page, context }) => {
    await page.goto("/sign-in");
    const html = page.locator("html");
    await expect(html).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");

    await page.getByTestId("language-switch").click();
    await expect(html).toHaveAttribute("lang", "ja");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("サインイン");
    await expect(page.getByLabel("メールアドレス")).toBeVisible();
    await expect(page.getByRole("button", { name: "サインイン" })).toBeVisible();
    expect((await context.cookies()).find((c) => c.name === "NEXT_LOCALE")?.value).toBe("ja");

    // A full navigation elsewhere (anonymous: through the redirect to sign in) keeps the choice.
    await page.goto("/company/profile");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await expect(html).toHaveAttribute("lang", "ja");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("サインイン");
    await page.reload();
    await expect(html).toHaveAttribute("lang", "ja");

    await page.getByTestId("language-switch").click();
    await expect(html).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  });
});

test.describe("in the portal, as Hoshino's officer", () => {
  test.use({ storageState: storageStateFor("hoshinoOfficer") });

  test("the chosen language follows the user from page to page", async ({ page }) => {
    await page.goto("/company");
    const html = page.locator("html");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hoshino Magnetics");

    await page.getByTestId("language-switch").click();
    await expect(html).toHaveAttribute("lang", "ja");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("星野マグネティクス");
    const nav = page.getByRole("navigation", { name: "メインナビゲーション" });
    await nav.getByRole("link", { name: "企業プロファイル" }).click();
    await expect(page).toHaveURL(/\/company\/profile$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("企業プロファイル");
    await expect(html).toHaveAttribute("lang", "ja");
    await expect(page.getByRole("button", { name: "プロファイルを保存" })).toBeVisible();

    await page.getByTestId("language-switch").click();
    await expect(html).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Company profile");
    await expect(page.getByRole("button", { name: "Save the profile" })).toBeVisible();
  });
});

test.describe("a service's refusal, as the platform administrator", () => {
  test.use({ storageState: storageStateFor("platformAdmin") });

  test("reads in the chosen language, not in the API's English", async ({ page }) => {
    // The administrator's own page: changing one's own role is refused (409), and nothing is written.
    await page.goto("/admin/users/00000000-0000-4000-9000-000000000031");
    await page.getByRole("button", { name: "Change role" }).click();
    await expect(page.getByText("You cannot change your own role; ask another administrator.")).toBeVisible();

    await page.getByTestId("language-switch").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await page.getByRole("button", { name: "ロールを変更" }).click();
    await expect(page.getByText("自分のロールは変更できません。別の管理者に依頼してください。")).toBeVisible();
    await expect(page.getByText("You cannot change your own role")).toHaveCount(0);
    await page.getByTestId("language-switch").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});
