import { expect, expectProblem, test } from "./fixtures";

// Read-only over the demo world's submitted disclosures (2025-H2 and 2026-H1), which no spec changes:
// the periods are named, since other specs submit later ones.
test.describe.configure({ mode: "parallel" });

const row = (page: import("@playwright/test").Page, product: string) => page.getByTestId("overview-table").locator(`[data-product="${product}"]`);

test("the reviewer sees magnets with figures and semiconductors suppressed, switches period and language", async ({ pageAs }) => {
  test.slow(); // three page loads and a language switch, on a shared machine
  const page = await pageAs("reviewer");
  await page.goto("/agency");
  await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Risk insights" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Risk insights");
  await page.getByLabel("Period", { exact: true }).selectOption("2026-H1");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/\/agency\/insights\?period=2026-H1$/);

  const rule = page.getByTestId("k-anonymity-rule");
  await expect(rule).toContainText("A figure drawn from fewer than 3 companies is suppressed");
  await expect(rule).toContainText("Further cells are then suppressed");
  const magnets = row(page, "permanent_magnets");
  await expect(magnets.getByTestId("company-count")).toHaveText("3");
  // Every magnet cell is suppressed: the exact HHI would tie them together, so only its band shows, and no change.
  await expect(magnets.getByTestId("hhi")).toHaveText("Band only: cells are suppressed");
  await expect(magnets).toContainText("Highly concentrated");
  await expect(magnets).not.toContainText("1,352");
  await expect(row(page, "semiconductors").getByTestId("suppressed")).toHaveText("Suppressed: fewer than 3 companies");
  // Each magnet country has fewer than 3 companies in 2026-H1.
  const magnetCells = page.getByTestId("cells-table").locator('[data-product="permanent_magnets"]');
  await expect(magnetCells).toHaveCount(3);
  await expect(magnetCells.getByTestId("suppressed")).toHaveText(["Suppressed: fewer than 3 companies", "Suppressed: fewer than 3 companies", "Suppressed: fewer than 3 companies"]);
  await expect(page.getByTestId("heat-map")).toBeVisible();
  await expect(page.getByTestId("concentration-chart")).toHaveCount(0);
  await expect(page.getByTestId("trend-table")).toContainText("5,939 (3)");

  // The previous period: all three magnet makers then bought from China and Japan.
  await page.getByLabel("Period", { exact: true }).selectOption("2025-H2");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/period=2025-H2$/);
  const china = page.getByTestId("cells-table").locator('[data-product="permanent_magnets"][data-country="CN"]');
  await expect(china.getByTestId("weighted-share")).toHaveText("71.7%");
  await expect(row(page, "permanent_magnets").getByTestId("hhi")).toHaveText("5,939");
  await expect(page.getByTestId("concentration-chart").locator(".recharts-bar-rectangle")).toHaveCount(1);
  await expect(page.getByTestId("trend-chart").locator(".recharts-line")).toHaveCount(1);

  await page.getByTestId("language-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("リスク分析");
  await expect(row(page, "semiconductors").getByTestId("suppressed")).toHaveText("秘匿：3 社未満");
  await expect(page.getByTestId("k-anonymity-rule")).toContainText("3 社未満から得られる数値は秘匿します");
  await expect(china.getByTestId("weighted-share")).toHaveText("71.7%");
});

test("reviewer and reviewer2 see their own products; reviewer2's magnets stay dark (recused from Hoshino)", async ({ pageAs }) => {
  const products = async (account: "reviewer" | "reviewer2") => {
    const page = await pageAs(account);
    await page.goto("/agency/insights?period=2026-H1");
    const rows = page.getByTestId("overview-table").getByTestId("product-row");
    await expect(rows.first()).toBeVisible();
    return { page, codes: (await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-product")))).sort() };
  };
  const first = await products("reviewer");
  const second = await products("reviewer2");
  expect(first.codes).toEqual(["crm_gallium", "crm_germanium", "crm_rare_earths_magnets", "permanent_magnets", "semiconductors"]);
  expect(second.codes).toEqual(["antimicrobials", "crm_graphite", "crm_lithium", "permanent_magnets", "storage_batteries"]);
  await expect(row(second.page, "permanent_magnets").getByTestId("suppressed")).toHaveText("Suppressed: fewer than 3 companies");
  await expect(row(first.page, "permanent_magnets").getByTestId("company-count")).toHaveText("3");
});

test("a drill-down lists the companies within need-to-know and shows in each company's access log", async ({ pageAs }) => {
  test.slow(); // five page loads in three signed-in contexts: past 30 s when both workers are busy
  const page = await pageAs("reviewer");
  await page.goto("/agency/insights?period=2026-H1");
  await page.getByRole("link", { name: "Companies behind Permanent magnets", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Permanent magnets: companies, 2026-H1");
  await expect(page.getByTestId("drill-down-row")).toHaveText([/Hoshino Magnetics/, /Kawasemi Battery/, /Tsubame Robotics/]);
  await expect(page.getByTestId("drill-down-row").first()).toContainText("Japan 70%");
  const recused = await pageAs("reviewer2");
  await recused.goto("/agency/insights/companies?period=2026-H1&product=permanent_magnets");
  await expect(recused.getByTestId("drill-down-row")).toHaveText([/Kawasemi Battery/, /Tsubame Robotics/]);
  await expect(recused.getByTestId("drill-down-row").filter({ hasText: "Hoshino" })).toHaveCount(0);
  const notAssigned = await recused.goto("/agency/insights/companies?period=2026-H1&product=semiconductors");
  expect(notAssigned?.status()).toBe(404);

  const hoshino = await pageAs("hoshinoOfficer");
  await hoshino.goto("/company/access-log");
  await expect(hoshino.getByTestId("access-row").filter({ hasText: "Read your figures in a risk-insight drill-down" }).first()).toContainText("Risk-insight drill-down");
  // The purpose Kakehashi recorded reads in the company's language, not in the English it is stored in.
  await hoshino.context().addCookies([{ name: "NEXT_LOCALE", value: "ja", url: hoshino.url() }]);
  await hoshino.goto("/company/access-log");
  await expect(hoshino.getByTestId("access-row").filter({ hasText: "リスク分析の内訳として数値を閲覧" }).first()).toContainText("リスク分析の内訳の確認");
  await expect(hoshino.getByText("risk insights drill-down")).toHaveCount(0);
  expect((await hoshino.goto("/agency/insights"))?.status()).toBe(404);
});

test.describe("the API", () => {
  test("answers cells with companyCount, nulls for suppressed values, and the same as CSV", async ({ pageAs }) => {
    const { request } = await pageAs("reviewer");
    const response = await request.get("/api/v1/insights/exposure?period=2026-H1");
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { period: string; threshold: number; products: { productCode: string; suppressed: boolean; companyCount: number | null; hhi: number | null; hhiBand: string | null; hhiSuppressed: boolean }[]; cells: { productCode: string; supplierCountry: string; suppressed: boolean; companyCount: number | null; weightedShare: number | null }[] };
    expect(body).toMatchObject({ period: "2026-H1", threshold: 3 });
    expect(body.products.find((p) => p.productCode === "permanent_magnets")).toMatchObject({ suppressed: false, companyCount: 3, hhi: null, hhiBand: "high", hhiSuppressed: true });
    expect(body.products.find((p) => p.productCode === "semiconductors")).toMatchObject({ suppressed: true, companyCount: null, hhi: null });
    expect(body.cells.filter((c) => c.productCode === "permanent_magnets")).toEqual(
      expect.arrayContaining([expect.objectContaining({ supplierCountry: "CN", suppressed: true, companyCount: null, weightedShare: null })]),
    );
    const previous = (await (await request.get("/api/v1/insights/exposure?period=2025-H2&product=permanent_magnets")).json()) as typeof body;
    expect(previous.cells.find((c) => c.supplierCountry === "CN")).toMatchObject({ suppressed: false, companyCount: 3, weightedShare: 71.7 });

    const csv = await request.get("/api/v1/insights/exposure.csv?period=2025-H2&product=permanent_magnets");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const text = await csv.text();
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^period,level,product_code,supplier_country,suppressed,suppression,company_count,/);
    expect(lines).toContain("2025-H2,product,permanent_magnets,,false,,3,,,5939,high,false,0,20,,,,,,");
    expect(lines.find((l) => l.startsWith("2025-H2,cell,permanent_magnets,CN,"))).toMatch(/^2025-H2,cell,permanent_magnets,CN,false,,3,85,71.7,/);
  });

  test("refuses a bad period or product with 422 and anyone but agency staff with 404", async ({ pageAs }) => {
    const reviewer = (await pageAs("reviewer")).request;
    const badPeriod = await expectProblem(await reviewer.get("/api/v1/insights/exposure?period=2026-Q1"), 422);
    expect(badPeriod.errors).toEqual([expect.objectContaining({ path: "period" })]);
    const badProduct = await expectProblem(await reviewer.get("/api/v1/insights/exposure.csv?period=2026-H1&product=unobtainium"), 422);
    expect(badProduct.errors).toEqual([expect.objectContaining({ path: "product" })]);
    await expectProblem(await reviewer.get("/api/v1/insights/exposure?period=2026-H1&product=antimicrobials"), 404);
    for (const account of ["hoshinoOfficer", "hoshinoAdmin", "auditor", "platformAdmin"] as const) {
      const { request } = await pageAs(account);
      await expectProblem(await request.get("/api/v1/insights/exposure?period=2026-H1"), 404);
      await expectProblem(await request.get("/api/v1/insights/exposure.csv?period=2026-H1"), 404);
    }
  });
});
