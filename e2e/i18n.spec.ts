import { expect, noSession, test } from "./fixtures";
import { demoOrgIds } from "../lib/demo/demo-ids";
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
    // An invitation to an address that has an account already is refused (409), and nothing is written. (The
    // administrator's own page no longer offers the role change it refused: nothing on it can only fail.)
    const invite = async (labels: { region: string; email: string; name: string; organisation: string; submit: string }) => {
      const form = page.getByRole("region", { name: labels.region });
      await form.getByLabel(labels.email).fill("officer@hoshino.example");
      await form.getByLabel(labels.name, { exact: true }).fill("Someone Twice");
      await form.getByLabel(labels.organisation).selectOption(demoOrgIds.hoshino);
      await form.getByRole("button", { name: labels.submit }).click();
    };
    await page.goto("/admin/users");
    await invite({ region: "Invite a person", email: "Email address", name: "Name", organisation: "Organisation", submit: "Send invitation" });
    await expect(page.getByText("An account with this email address exists already.")).toBeVisible();

    await page.getByTestId("language-switch").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "ja");
    await invite({ region: "ユーザーを招待", email: "メールアドレス", name: "氏名", organisation: "組織", submit: "招待を送信" });
    await expect(page.getByText("このメールアドレスのアカウントは既に存在します。")).toBeVisible();
    await expect(page.getByText("An account with this email address exists already.")).toHaveCount(0);
    await page.getByTestId("language-switch").click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});
