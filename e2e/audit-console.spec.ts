import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { expect, expectNotFoundPage, expectProblem, test } from "./fixtures";
import { accounts, storageStateFor } from "./roles";

// The auditor's console. Read-only apart from the export's own audit event: the tests may run on both
// workers at once. The setup project signed every demo account in, so there are at least 11 sign-ins.
test.describe.configure({ mode: "parallel" });

const CSV_HEADER =
  "id,occurred_at,actor_user_id,actor_email,actor_org_id,actor_role,action,target_type,target_id,target_org_id,outcome,purpose,request_id,client_ip,user_agent,details,seq,chain_version,hash";

const rows = (page: Page) => page.getByTestId("audit-event-row");

/** The text of one column of the results table, row by row. */
async function columnOf(page: Page, header: string): Promise<string[]> {
  const headers = (await page.getByRole("columnheader").allTextContents()).map((h) => h.trim());
  const index = headers.indexOf(header);
  expect(index, `column ${header}`).toBeGreaterThanOrEqual(0);
  return rows(page).evaluateAll((trs, i) => trs.map((tr) => (tr.children[i] as HTMLElement).innerText.trim()), index);
}

async function eventIds(page: Page): Promise<string[]> {
  return (await columnOf(page, "Event")).map((text) => text.replace(/\D/g, ""));
}

test.describe("the auditor", () => {
  test.use({ storageState: storageStateFor("auditor") });

  test("reaches the audit log from the navigation and from the dashboard", async ({ page }) => {
    await page.goto("/oversight");
    // The dashboard's table of recent events is named by its caption, like every table of the portal.
    await expect(page.getByRole("table", { name: /^The \d+ latest audit events, newest first$/ })).toBeVisible();
    await page.getByRole("link", { name: "Search the audit log" }).click();
    await expect(page).toHaveURL(/\/oversight\/events$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");

    await page.goto("/oversight");
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Audit log" }).click();
    await expect(page).toHaveURL(/\/oversight\/events$/);
    await expect(page.getByRole("table", { name: "Audit events matching the filters, newest first" })).toBeVisible();
  });

  test("searches by action, sees only matching rows, pages forward and opens an event", async ({ page }) => {
    await page.goto("/oversight/events");
    await page.getByLabel("Action", { exact: true }).fill("auth.sign_in");
    await page.getByLabel("Events per page").selectOption("10");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/[?&]action=auth\.sign_in(&|$)/);

    await expect(rows(page)).toHaveCount(10);
    expect(new Set(await columnOf(page, "Action"))).toEqual(new Set(["auth.sign_in"]));
    const firstPage = await eventIds(page);
    // The form keeps the filters it searched with.
    await expect(page.getByLabel("Action", { exact: true })).toHaveValue("auth.sign_in");

    await page.getByRole("navigation", { name: "Pages of results" }).getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]cursor=[A-Za-z0-9_-]+/);
    await expect(page).toHaveURL(/[?&]action=auth\.sign_in(&|$)/);
    await expect(rows(page).first()).toBeVisible();
    expect(new Set(await columnOf(page, "Action"))).toEqual(new Set(["auth.sign_in"]));
    const secondPage = await eventIds(page);
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
    await expect(page.getByRole("link", { name: "First page" })).toBeVisible();

    const id = secondPage[0]!;
    await page.getByRole("link", { name: `Event ${id}`, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/oversight/events/${id}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Audit event ${id}`);
    const definition = (term: string) => page.locator("dt", { hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd[1]");
    await expect(definition("Action")).toHaveText("auth.sign_in");
    await expect(definition("Outcome")).toHaveText("Allowed");
    await expect(definition("Actor email")).toHaveText(/@.+\.example$/);
    const details = JSON.parse((await page.getByTestId("audit-details").textContent()) ?? "");
    expect(details).toEqual({ sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });

    // The watchers are watched: opening the event is itself on the record, found by the event it opened,
    // and so are the searches.
    await page.goto(`/oversight/events?action=audit.event_read&targetType=audit_event&targetId=${id}`);
    await expect(rows(page).first()).toBeVisible();
    expect(new Set(await columnOf(page, "Actor"))).toEqual(new Set(["auditor@oversight.example"]));
    await page.goto("/oversight/events?action=audit.search&limit=10");
    // At least this test's own four searches, whatever else ran before it (it may run first).
    await expect(rows(page).nth(3)).toBeVisible();
    expect(new Set(await columnOf(page, "Actor"))).toEqual(new Set(["auditor@oversight.example"]));
  });

  test("searches several actions at once, separated by commas, and refuses more than ten", async ({ page }) => {
    await page.goto("/oversight/events");
    await page.getByLabel("Action", { exact: true }).fill("auth.sign_in, audit.search");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/[?&]action=auth\.sign_in%2C\+audit\.search(&|$)/);
    await expect(rows(page).first()).toBeVisible();
    const actions = new Set(await columnOf(page, "Action"));
    expect([...actions].filter((a) => a !== "auth.sign_in" && a !== "audit.search")).toEqual([]);
    await expect(page.getByLabel("Action", { exact: true })).toHaveValue("auth.sign_in, audit.search");
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /^\/api\/v1\/audit\/export\.csv\?action=auth\.sign_in%2C\+audit\.search/);

    const eleven = Array.from({ length: 11 }, (_, i) => `test.a${i}`).join(",");
    await page.goto(`/oversight/events?action=${eleven}`);
    await expect(page.getByLabel("Action", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Action", { exact: true })).toHaveAccessibleDescription(/Enter at most 10 actions\./);
    await expect(rows(page)).toHaveCount(0);
  });

  test("downloads the CSV export of the same filters, and the export is on the record", async ({ page }) => {
    await page.goto("/oversight/events?action=auth.sign_in&limit=10");
    const link = page.getByRole("link", { name: "Export CSV" });
    await expect(link).toHaveAttribute("href", "/api/v1/audit/export.csv?action=auth.sign_in");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-events-[\dTZ-]+\.csv$/);
    const file = await readFile(await download.path(), "utf8");
    // The byte-order mark first, so that Excel reads the file as UTF-8.
    expect(file.startsWith("\uFEFF")).toBe(true);
    const lines = file.slice(1).split("\r\n");
    expect(lines[0]).toBe(CSV_HEADER);
    expect(lines.at(-1)).toBe("");
    const records = lines.slice(1, -1);
    expect(records.length).toBeGreaterThanOrEqual(Object.keys(accounts).length);
    for (const record of records) expect(record).toMatch(/^\d+,\d{4}-\d\d-\d\dT[\d:.]+Z,[0-9a-f-]{36},[^,]+@[^,]+,[0-9a-f-]{36},[a-z_]+,auth\.sign_in,/);
    expect(file).toContain(",auditor@oversight.example,");

    await page.goto("/oversight/events?action=audit.export");
    await expect(rows(page).first()).toBeVisible();
    expect(await columnOf(page, "Actor")).toContain("auditor@oversight.example");
  });

  test("shows invalid filters as field errors, not a crash", async ({ page }) => {
    const response = await page.goto("/oversight/events?actor=nobody&limit=500&from=2026-05-02T00:00&to=2026-05-01T00:00&colour=teal");
    expect(response?.status()).toBe(200);
    const alert = page.getByRole("alert", { name: "Some filters are not valid" });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("colour: This filter is not known.");
    await expect(page.getByLabel("Actor (user ID)")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Actor (user ID)")).toHaveAccessibleDescription(/UUID form/);
    await expect(page.getByLabel("To", { exact: true })).toHaveAccessibleDescription(/must not be before its start/);
    await expect(page.getByLabel("Events per page")).toHaveAccessibleDescription("Enter a page size from 1 to 200.");
    // What was asked for stays visible beside its error.
    await expect(page.getByLabel("Events per page")).toHaveValue("500");
    await expect(page.getByLabel("Actor (user ID)")).toHaveValue("nobody");
    await expect(rows(page)).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
  });

  test("uses the API with the same filters: pages, one event, and 422 for bad filters", async ({ page }) => {
    const first = await page.request.get("/api/v1/audit/events?action=auth.sign_in&limit=2");
    expect(first.status(), await first.text()).toBe(200);
    const body = (await first.json()) as { items: { id: number; action: string }[]; nextCursor: string | null };
    expect(body.items.map((e) => e.action)).toEqual(["auth.sign_in", "auth.sign_in"]);
    expect(body.nextCursor).toEqual(expect.any(String));
    const next = await page.request.get(`/api/v1/audit/events?action=auth.sign_in&limit=2&cursor=${body.nextCursor}`);
    expect(next.status()).toBe(200);
    const nextIds = ((await next.json()) as typeof body).items.map((e) => e.id);
    expect(nextIds.filter((id) => body.items.some((e) => e.id === id))).toEqual([]);

    const one = await page.request.get(`/api/v1/audit/events/${body.items[0]!.id}`);
    expect(one.status()).toBe(200);
    expect(await one.json()).toEqual(body.items[0]);
    await expectProblem(await page.request.get("/api/v1/audit/events/999999999"), 404);

    const bad = await expectProblem(
      await page.request.get("/api/v1/audit/events?limit=500&from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z&colour=teal&actor=x"),
      422,
    );
    expect(bad.errors?.map((e) => e.path).sort()).toEqual(["actor", "colour", "limit", "to"]);
    expect(bad.errors?.find((e) => e.path === "to")?.message).toBe("The end of the time range must not be before its start.");
    await expectProblem(await page.request.get("/api/v1/audit/events?cursor=not-a-cursor"), 422);
    await expectProblem(await page.request.get("/api/v1/audit/export.csv?limit=10"), 422);
    const method = await page.request.post("/api/v1/audit/events", { data: {} });
    await expectProblem(method, 405);
  });

  for (const locale of ["en", "ja"] as const) {
    test(`has no WCAG 2.2 A/AA violations in ${locale}, with results and with errors`, async ({ page, context, baseURL }) => {
      test.slow(); // several page states and an axe run each
      await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
      await page.goto("/oversight/events?limit=10");
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(locale === "en" ? "Audit log" : "監査ログ");
      await expect(rows(page).first()).toBeVisible();
      await expectNoAxeViolations(page);

      await page.goto("/oversight/events?actor=nobody&from=2026-05-02T00:00&to=2026-05-01T00:00");
      await expect(page.getByRole("alert", { name: locale === "en" ? "Some filters are not valid" : "絞り込み条件に誤りがあります" })).toBeVisible();
      await expectNoAxeViolations(page);

      const id = (await page.request.get("/api/v1/audit/events?limit=1").then((r) => r.json())).items[0].id as number;
      await page.goto(`/oversight/events/${id}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(locale === "en" ? `Audit event ${id}` : `監査イベント ${id}`);
      await expectNoAxeViolations(page);
    });
  }
});

for (const account of ["hoshinoOfficer", "reviewer", "platformAdmin"] as const) {
  test.describe(`${accounts[account]}`, () => {
    test.use({ storageState: storageStateFor(account) });

    test("gets the 404 page for the console and 404 problem+json from the audit API", async ({ page }) => {
      await expectNotFoundPage(page, "/oversight/events");
      await expectNotFoundPage(page, "/oversight/events?action=auth.sign_in&limit=500");
      await expectNotFoundPage(page, "/oversight/events/1");
      await expectProblem(await page.request.get("/api/v1/audit/events"), 404);
      await expectProblem(await page.request.get("/api/v1/audit/events?limit=500"), 404);
      await expectProblem(await page.request.get("/api/v1/audit/events/1"), 404);
      const csv = await page.request.get("/api/v1/audit/export.csv");
      await expectProblem(csv, 404);

      await page.goto("/");
      await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Dashboard" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    });
  });
}
