import { expect, expectProblem, noSession, test } from "./fixtures";
import { storageStateFor } from "./roles";

test.describe("Hoshino's admin manages API tokens", () => {
  test.use({ storageState: storageStateFor("hoshinoAdmin") });

  test("a token created in the UI works as Bearer, records its use, and stops working once revoked", async ({ page, playwright, baseURL }) => {
    const name = `e2e token ${Date.now().toString(36)}`;

    await page.goto("/company");
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "API tokens" }).click();
    await expect(page).toHaveURL(/\/company\/tokens$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("API tokens");

    await page.getByLabel("Label").fill(name);
    await page.getByLabel("Valid for (days)").fill("7");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByTestId("new-token");
    await expect(shown).toHaveText(/^khk_[A-Za-z0-9_-]{40,}$/);
    const token = (await shown.textContent())!.trim();

    // A client with no cookies at all: only the token authenticates it. (An explicit empty state, since
    // request contexts made in a test otherwise inherit the describe's storage state.)
    const client = await playwright.request.newContext({ baseURL, storageState: noSession });
    try {
      await expectProblem(await client.get("/api/v1/me"), 401);
      const bearer = { authorization: `Bearer ${token}` };
      const me = await client.get("/api/v1/me", { headers: bearer });
      expect(me.status()).toBe(200);
      expect((await me.json()).user.email).toBe("admin@hoshino.example");

      await page.reload();
      // Shown once: after a reload the token itself is nowhere on the page.
      await expect(page.getByTestId("new-token")).toHaveCount(0);
      expect(await page.content()).not.toContain(token);

      const headers = await page.getByRole("columnheader").allTextContents();
      const column = (label: string) => headers.findIndex((h) => h.trim() === label);
      const row = page.getByTestId("token-row").filter({ has: page.getByRole("cell", { name, exact: true }) });
      await expect(row).toHaveCount(1);
      const cells = row.getByRole("cell");
      await expect(cells.nth(column("Owner"))).toHaveText("admin@hoshino.example");
      await expect(cells.nth(column("Starts with"))).toHaveText(`${token.slice(0, 12)}…`);
      await expect(cells.nth(column("Status"))).toHaveText("active");
      const lastUsed = cells.nth(column("Last used"));
      await expect(lastUsed).not.toHaveText("never");
      await expect(lastUsed).toHaveText(/\d{4}/);

      await page.getByRole("button", { name: `Revoke token ${name}`, exact: true }).click();
      await expect(cells.nth(column("Status"))).toHaveText("revoked");
      await expect(page.getByRole("button", { name: `Revoke token ${name}`, exact: true })).toHaveCount(0);

      const refused = await expectProblem(await client.get("/api/v1/me", { headers: bearer }), 401);
      expect(JSON.stringify(refused)).not.toContain(token);
    } finally {
      await client.dispose();
    }
  });

  test("a token nine days from expiry is marked in its row and announced above the list, in both languages", async ({ page }) => {
    // The demo's ERP export token: made almost a year ago, it expires in nine days.
    await page.goto("/company/tokens");
    await expect(page.getByRole("status", { name: "1 token expires soon" })).toContainText("a token cannot be extended");
    const table = page.getByRole("table", { name: /^\d+ tokens? of your company, newest first$/ });
    const row = table.getByTestId("token-row").filter({ has: page.getByRole("cell", { name: "ERP nightly export", exact: true }) });
    await expect(row.getByRole("cell", { name: "active expires soon", exact: true })).toBeVisible();
    // A token made today for a week is not "expiring soon": its maker chose its short life.
    const name = `e2e week ${Date.now().toString(36)}`;
    await page.getByLabel("Label").fill(name);
    await page.getByLabel("Valid for (days)").fill("7");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token")).toBeVisible();
    await page.reload();
    const fresh = table.getByTestId("token-row").filter({ has: page.getByRole("cell", { name, exact: true }) });
    await expect(fresh.getByRole("cell", { name: "active", exact: true })).toBeVisible();
    await expect(fresh.getByTestId("token-expires-soon")).toHaveCount(0);

    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "ja", url: page.url() }]);
    await page.reload();
    await expect(page.getByRole("status", { name: "まもなく期限切れになるトークンが 1 件あります" })).toBeVisible();
    await expect(page.getByTestId("token-row").filter({ hasText: "ERP nightly export" }).getByTestId("token-expires-soon")).toHaveText("まもなく期限切れ");
  });

  test("revoking from a page gone stale says why nothing was revoked", async ({ page, context }) => {
    const name = `e2e stale ${Date.now().toString(36)}`;
    await page.goto("/company/tokens");
    await page.getByLabel("Label").fill(name);
    await page.getByLabel("Valid for (days)").fill("7");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token")).toBeVisible();

    // A second tab, opened while the token was still active.
    const stale = await context.newPage();
    await stale.goto("/company/tokens");
    const revokeIn = (p: typeof page) => p.getByRole("button", { name: `Revoke token ${name}`, exact: true });
    await expect(revokeIn(stale)).toBeVisible();

    await page.reload();
    await revokeIn(page).click();
    await expect(revokeIn(page)).toHaveCount(0);

    await revokeIn(stale).click();
    await expect(stale.getByRole("alert").filter({ hasText: "No such active token." })).toBeVisible();
    await stale.reload();
    await expect(revokeIn(stale)).toHaveCount(0);
    const row = stale.getByTestId("token-row").filter({ has: stale.getByRole("cell", { name, exact: true }) });
    await expect(row.getByRole("cell", { name: "revoked", exact: true })).toBeVisible();
    await stale.close();
  });
});
