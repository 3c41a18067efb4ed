import { test, expect } from "@playwright/test";
import { storageStateFor } from "./roles";

test.describe("as Hoshino's officer", () => {
  test.use({ storageState: storageStateFor("hoshinoOfficer") });
  test("the company dashboard shows the company", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/company$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hoshino Magnetics");
  });
});
