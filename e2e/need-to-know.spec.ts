import { auditRows, expect, expectNotFoundPage, expectProblem, openOversight, test } from "./fixtures";
import { demoOrgIds, storageStateFor } from "./roles";

// What each role must NOT see, and that every refusal leaves a trace for the auditor. Read-only, each
// test in its own contexts: they may run on both workers at once.
test.describe.configure({ mode: "parallel" });

const openLink = (company: string) => ({ name: `Open profile of ${company}`, exact: true });

test.describe("reviewer@esb (assigned magnets, rare earths, semiconductors, gallium, germanium)", () => {
  test.use({ storageState: storageStateFor("reviewer") });

  test("sees the companies in scope, opens Hoshino's profile, and the read is audited", async ({ page, pageAs }) => {
    await page.goto("/agency");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Agency workspace");
    for (const company of ["Hoshino Magnetics", "Aoba Semiconductor Materials", "Kawasemi Battery", "Tsubame Robotics"]) {
      await expect(page.getByRole("link", openLink(company))).toBeVisible();
    }

    // Each company's sector is in its row, and on its profile (no spec changes Hoshino's).
    await expect(page.getByTestId("company-row").filter({ hasText: "Hoshino Magnetics" })).toContainText("Manufacture of non-ferrous metals and products");

    await page.getByRole("link", openLink("Hoshino Magnetics")).click();
    await expect(page).toHaveURL(new RegExp(`/agency/companies/${demoOrgIds.hoshino}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Profile of Hoshino Magnetics");
    await expect(page.getByRole("definition").filter({ hasText: "Manufacture of non-ferrous metals and products" })).toBeVisible();
    await expect(page.getByText("This access has been recorded in the audit log")).toBeVisible();

    const auditor = await openOversight(pageAs);
    await expect(auditRows(auditor, { action: "profile.read", actor: "reviewer@esb.example", targetId: demoOrgIds.hoshino })).not.toHaveCount(0);
  });

  test("does not see Minato Pharma, and its profile page is not found (audited as denied)", async ({ page, pageAs }) => {
    await page.goto("/agency");
    await expect(page.getByTestId("company-row").first()).toBeVisible();
    await expect(page.getByRole("link", openLink("Minato Pharma"))).toHaveCount(0);
    await expect(page.getByTestId("company-row").filter({ hasText: "Minato" })).toHaveCount(0);

    await expectNotFoundPage(page, `/agency/companies/${demoOrgIds.minato}`);
    await expect(page.getByText("Yui Tanaka")).toHaveCount(0);

    const auditor = await openOversight(pageAs);
    await expect(auditRows(auditor, { action: "access.denied", actor: "reviewer@esb.example", targetId: demoOrgIds.minato })).not.toHaveCount(0);
  });

  test("gets a 404 problem from the API for a company outside the assignment", async ({ page }) => {
    await expectProblem(await page.request.get(`/api/v1/organisations/${demoOrgIds.minato}/profile`), 404);
    const hoshino = await page.request.get(`/api/v1/organisations/${demoOrgIds.hoshino}/profile`);
    expect(hoshino.status()).toBe(200);
    expect((await hoshino.json()).organisationId).toBe(demoOrgIds.hoshino);
  });
});

test.describe("reviewer2@esb (declared conflict with Hoshino)", () => {
  test.use({ storageState: storageStateFor("reviewer2") });

  test("does not see Hoshino although it deals in an assigned product, and its page is not found", async ({ page, pageAs }) => {
    await page.goto("/agency");
    // Kawasemi shares permanent magnets with Hoshino: the list is not empty, Hoshino is left out.
    await expect(page.getByRole("link", openLink("Kawasemi Battery"))).toBeVisible();
    await expect(page.getByRole("link", openLink("Hoshino Magnetics"))).toHaveCount(0);
    await expect(page.getByTestId("company-row").filter({ hasText: "Hoshino" })).toHaveCount(0);

    await expectNotFoundPage(page, `/agency/companies/${demoOrgIds.hoshino}`);
    await expect(page.getByText("Haruka Sato")).toHaveCount(0);

    const auditor = await openOversight(pageAs);
    await expect(auditRows(auditor, { action: "access.denied", actor: "reviewer2@esb.example", targetId: demoOrgIds.hoshino })).not.toHaveCount(0);
  });
});

test.describe("Aoba's officer", () => {
  test.use({ storageState: storageStateFor("aobaOfficer") });

  test("cannot read another company's profile in a page or through the API", async ({ page, pageAs }) => {
    await expectNotFoundPage(page, `/agency/companies/${demoOrgIds.hoshino}`);
    await expect(page.getByText("Haruka Sato")).toHaveCount(0);

    const problem = await expectProblem(await page.request.get(`/api/v1/organisations/${demoOrgIds.hoshino}/profile`), 404);
    expect(JSON.stringify(problem)).not.toContain("Hoshino");

    // The same route answers for Aoba's own profile, so the 404 is about scope, not the route.
    const own = await page.request.get(`/api/v1/organisations/${demoOrgIds.aoba}/profile`);
    expect(own.status()).toBe(200);

    const auditor = await openOversight(pageAs);
    // One for the page, one for the API call.
    const denials = auditRows(auditor, { action: "access.denied", actor: "officer@aoba.example", targetId: demoOrgIds.hoshino });
    await expect.poll(() => denials.count()).toBeGreaterThanOrEqual(2);
  });
});

test.describe("Hoshino's officer (not an admin)", () => {
  test.use({ storageState: storageStateFor("hoshinoOfficer") });

  test("has no API tokens in the navigation and the tokens page is not found", async ({ page }) => {
    await page.goto("/company");
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav.getByRole("link", { name: "Company profile" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "API tokens" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Manage API tokens" })).toHaveCount(0);

    await expectNotFoundPage(page, "/company/tokens");
  });
});
