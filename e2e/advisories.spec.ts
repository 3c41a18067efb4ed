import type { Page } from "@playwright/test";
import { demoAdvisoryIds } from "../lib/demo/seed-advisories";
import { answerActions, expect, expectNotFoundPage, expectProblem, noSession, test } from "./fixtures";
import { expectFocusedNotice, expectOutcome } from "./notices";
import { storageStateFor } from "./roles";

// This spec's advisories target machine tools and robots, so they reach Tsubame Robotics only.

const unique = Date.now().toString(36);
const title = `Strain-wave gear shortage ${unique}`;

async function openAdvisory(page: Page, basePath: string, name: string): Promise<string> {
  await page.getByRole("link", { name, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${basePath}/[0-9a-f-]{36}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  return /\/([0-9a-f-]{36})/.exec(page.url())![1]!;
}

test.describe.serial("an advisory from draft to acknowledgement", () => {
  let id = "";

  test("the reviewer drafts it, sees whom it will reach, and sends it for approval", async ({ pageAs }) => {
    const page = await pageAs("reviewer");
    await page.goto("/agency/advisories");
    await page.getByRole("link", { name: "Draft an advisory" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Draft an advisory");
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Summary").fill("Lead times for strain-wave gears have doubled.");
    await page.getByLabel("Body (Markdown)").fill("## Advice\n\n- Check your stock of **strain-wave gears**.\n- [Guidance](https://example.org/gears)");
    await page.getByLabel("Severity").selectOption("high");
    await page.getByLabel("TLP label").selectOption("AMBER");
    // Empty targets are refused in the form, with the shared schema.
    await page.getByRole("button", { name: "Save the draft" }).click();
    await expect(page.getByText("Choose at least one target: a critical product, a supplier country, a sector or a company.")).toBeVisible();
    // The targets as a whole are no field: their first box takes the focus, and says the error.
    const firstProduct = page.getByRole("group", { name: "Critical products", exact: true }).getByRole("checkbox").first();
    await expect(firstProduct).toBeFocused();
    await expect(firstProduct).toHaveAttribute("aria-invalid", "true");
    await expect(firstProduct).toHaveAccessibleDescription("Choose at least one target: a critical product, a supplier country, a sector or a company.");

    await page.getByLabel("Machine tools and industrial robots").check();
    const reach = page.getByTestId("reach-preview");
    await expect(reach.getByTestId("reach-count")).toHaveText("1 company");
    await expect(reach.getByRole("listitem")).toHaveText(["Tsubame Robotics"]);
    // A sector reaches the companies whose profiles state it (Aoba and Minato: chemical industry). Minato
    // (antimicrobials) lies outside the reviewer's assignment: counted, never named to this reviewer.
    const chemicals = page.getByLabel("Manufacture of chemical and allied products (incl. medicines)");
    await chemicals.check();
    await expect(reach.getByTestId("reach-count")).toHaveText("3 companies");
    await expect(reach.getByRole("listitem")).toHaveText(["Aoba Semiconductor Materials", "Tsubame Robotics"]);
    await expect(reach.getByTestId("reach-unnamed")).toHaveText(
      "Also 1 company outside your assignment or behind a conflict you declared: counted, not named.",
    );
    await chemicals.uncheck();
    await expect(reach.getByRole("listitem")).toHaveText(["Tsubame Robotics"]);
    await expect(reach.getByTestId("reach-unnamed")).toHaveCount(0);

    await page.getByRole("button", { name: "Save the draft" }).click();
    await expectOutcome(page, "The draft was created.");
    id = /\/agency\/advisories\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await expect(page.getByTestId("advisory-status")).toHaveText("Draft");
    await expect(page.getByTestId("tlp-banner")).toContainText("TLP:AMBER");
    await expect(page.getByTestId("advisory-body").getByRole("heading", { level: 2 })).toHaveText("Advice");

    await page.getByRole("button", { name: "Send for approval" }).click();
    await expectOutcome(page, "The advisory was sent for approval.");
    await expect(page.getByTestId("advisory-status")).toHaveText("Awaiting approval");
    await expect(page.getByText("Awaiting approval by an approver who did not draft it.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Approve and publish" })).toHaveCount(0);
  });

  test("a reviewer may not approve it (403); the approver publishes it from the queue", async ({ pageAs }) => {
    test.slow();
    const reviewer = await pageAs("reviewer");
    await expectProblem(await reviewer.request.post(`/api/v1/advisories/${id}/approve`), 403);

    const page = await pageAs("approver");
    await page.goto("/agency/advisories");
    await expect(page.getByRole("heading", { name: "Awaiting approval", level: 2 })).toBeVisible();
    expect(await openAdvisory(page, "/agency/advisories", title)).toBe(id);
    // Before approving, the approver sees whom publishing delivers to.
    const reach = page.getByTestId("reach-preview");
    await expect(reach.getByTestId("reach-count")).toHaveText("1 company");
    await expect(reach.getByRole("listitem")).toHaveText(["Tsubame Robotics"]);
    // Publishing cannot be taken back: the approver confirms it, told again how many companies it reaches.
    const approve = page.getByRole("button", { name: "Approve and publish…" });
    await approve.click();
    const confirmation = page.getByRole("group", { name: /Publish this advisory now\?/ });
    await expect(confirmation).toContainText("It reaches 1 company, at one moment, and its users are emailed.");
    await expect(confirmation.getByText(/Publish this advisory now\?/)).toBeFocused();
    await confirmation.getByRole("button", { name: "Cancel" }).click();
    await expect(confirmation).toHaveCount(0);
    await expect(approve).toBeFocused();
    await expect(page.getByTestId("advisory-status")).toHaveText("Awaiting approval");
    await approve.click();
    await page.getByRole("button", { name: "Publish now" }).click();
    await expectOutcome(page, "The advisory was published to every targeted company.");
    await expect(page.getByTestId("advisory-status")).toHaveText("Published");
    await expect(page.getByTestId("progress")).toHaveText("1 delivered · 0 read · 0 acknowledged");
  });

  test("Tsubame's officer finds it unread in the inbox, opens it and acknowledges it; in another tab, the refusal is said", async ({ pageAs }) => {
    const page = await pageAs("tsubameOfficer");
    await page.goto("/company");
    await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Advisories" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Advisories");
    await expect(page.getByTestId("unread-count")).toHaveText(/^\d+ unread advisor(y|ies)$/);
    const row = page.getByTestId("advisory-row").filter({ hasText: title });
    await expect(row).toContainText("Unread");
    await expect(row.getByTestId("severity-badge")).toHaveText("High");
    await page.getByLabel("Unread only").check();
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByTestId("advisory-row").filter({ hasText: title })).toHaveCount(1);

    expect(await openAdvisory(page, "/company/advisories", title)).toBe(id);
    await expect(page.getByTestId("tlp-banner")).toHaveText(/TLP:AMBER.*share only within your organisation and its clients/);
    // Its machine-readable forms, and the way back to the inbox.
    await expect(page.getByRole("link", { name: "CSAF 2.0 (JSON)" })).toHaveAttribute("href", `/api/v1/advisories/${id}/csaf`);
    await expect(page.getByRole("link", { name: "Back to the advisories" })).toHaveAttribute("href", "/company/advisories");
    // The same officer has it open in another tab too, where it is acknowledged after this one.
    const other = await pageAs("tsubameOfficer");
    await other.goto(`/company/advisories/${id}`);
    // A revision delivered since that tab opened (its answer given here): the refusal asks to read it first,
    // so the page is made again to show it, and the refusal stays, focused.
    await answerActions(other, { ok: false, code: "conflict", message: "serviceErrors.advisoryRevisionChanged", params: { revision: 2 }, requestId: "e2e-ack-0002" });
    const remade = other.waitForRequest(
      (request) => request.headers()["rsc"] === "1" && !request.headers()["next-router-prefetch"] && new URL(request.url()).pathname === `/company/advisories/${id}`,
    );
    await other.getByRole("button", { name: "Acknowledge revision 1" }).click();
    await remade;
    const newer = other.getByRole("alert", { name: "The acknowledgement was not sent" });
    await expect(newer).toContainText("Revision 2 of this advisory has been delivered since you opened it.");
    await other.waitForLoadState("networkidle");
    await expectFocusedNotice(newer);
    const note = page.getByLabel("Note for the agency (optional)");
    await note.fill("Stock covers 40 days; second source in qualification.");
    // A note the server refuses (its answer given here) is said beside the note, which takes the focus.
    await answerActions(page, { ok: false, code: "validation", message: "The input is not valid.", fieldErrors: { note: ["validation.tooLong"] }, requestId: "e2e-ack-0001" });
    await page.getByRole("button", { name: "Acknowledge revision 1" }).click();
    await expect(note).toHaveAttribute("aria-invalid", "true");
    await expect(note).toHaveAccessibleDescription(/This is too long\./);
    await expect(note).toBeFocused();
    await page.getByRole("button", { name: "Acknowledge revision 1" }).click();
    await expectOutcome(page, "Thank you: the agency can see your acknowledgement.");
    await expect(page.getByTestId("acknowledged")).toContainText("Aoi Yamamoto");

    // The other tab's acknowledgement is refused, and the refusal stays, focused, though the page is stale.
    await other.getByRole("button", { name: "Acknowledge revision 1" }).click();
    const refusal = other.getByRole("alert", { name: "The acknowledgement was not sent" });
    await expect(refusal).toContainText("Your company already acknowledged revision 1 of this advisory.");
    await expectFocusedNotice(refusal);
    await other.waitForLoadState("networkidle");
    await expectFocusedNotice(refusal);

    await page.goto("/company/advisories");
    await expect(page.getByTestId("advisory-row").filter({ hasText: title })).toContainText("Acknowledged");
  });

  test("the reviewer sees the progress change, down to the note, and can export it", async ({ pageAs }) => {
    const page = await pageAs("reviewer");
    await page.goto(`/agency/advisories/${id}`);
    await expect(page.getByTestId("progress")).toHaveText("1 delivered · 1 read · 1 acknowledged");
    const row = page.getByTestId("delivery-row").filter({ hasText: "Tsubame Robotics" });
    await expect(row).toContainText("Aoi Yamamoto");
    await expect(row).toContainText("Stock covers 40 days; second source in qualification.");
    const csv = await page.request.get(`/api/v1/advisories/${id}/deliveries.csv`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text).toContain("Tsubame Robotics");
  });

  test("a company it was not delivered to gets 404, on the page and the API", async ({ pageAs }) => {
    const page = await pageAs("minatoOfficer");
    await expectNotFoundPage(page, `/company/advisories/${id}`);
    await expectProblem(await page.request.get(`/api/v1/advisories/${id}`), 404);
    await expectProblem(await page.request.get(`/api/v1/advisories/${id}/csaf`), 404);
  });
});

test.describe("the advisories API", () => {
  test.use({ storageState: storageStateFor("approver") });

  test("refuses bad input field by field (422) and writes nothing", async ({ request }) => {
    // Titles of this run only: another worker's advisories may appear in the list meanwhile.
    const refusedTitles = [`Bad ${unique}`, `Empty targets ${unique}`];
    const problem = await expectProblem(
      await request.post("/api/v1/advisories", {
        data: { title: refusedTitles[0], summary: "Bad", body: "x".repeat(100 * 1024 + 1), severity: "urgent", tlp: "WHITE", targets: { products: ["unobtainium"], countries: ["XX"] } },
      }),
      422,
    );
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { path: "body", message: "The body may be at most 100 kB." },
        { path: "severity", message: expect.any(String) },
        { path: "tlp", message: expect.any(String) },
        { path: "targets.products.0", message: "Choose a critical product from the list." },
        { path: "targets.countries.0", message: "Choose a country from the list." },
      ]),
    );
    const empty = await expectProblem(await request.post("/api/v1/advisories", { data: { title: refusedTitles[1], summary: "S", body: "B", severity: "low", tlp: "GREEN", targets: {} } }), 422);
    expect(empty.errors).toEqual([{ path: "targets", message: "Choose at least one target: a critical product, a supplier country, a sector or a company." }]);
    const listed = ((await (await request.get("/api/v1/advisories?limit=100")).json()) as { items: { title: string }[] }).items.map((a) => a.title);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((t) => refusedTitles.includes(t))).toEqual([]);
  });

  test("refuses self-approval with 409 saying why", async ({ request }) => {
    const created = await request.post("/api/v1/advisories", {
      data: { title: `Self-approval ${unique}`, summary: "S", body: "B", severity: "low", tlp: "GREEN", targets: { products: ["machine_tools_robots"] } },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await request.post(`/api/v1/advisories/${id}/request-approval`)).status()).toBe(200);
    const refused = await expectProblem(await request.post(`/api/v1/advisories/${id}/approve`), 409);
    expect(refused.detail).toMatch(/You drafted or edited this advisory/);
  });

  test("exports CSAF and CAP, and each company's Atom feed lists only its own deliveries", async ({ request, playwright, baseURL }) => {
    const csaf = await request.get(`/api/v1/advisories/${demoAdvisoryIds.rareEarths}/csaf`);
    expect(csaf.status()).toBe(200);
    expect(((await csaf.json()) as { document: { category: string } }).document.category).toBe("csaf_base");
    const cap = await request.get(`/api/v1/advisories/${demoAdvisoryIds.rareEarths}/cap`);
    expect(cap.headers()["content-type"]).toContain("application/cap+xml");
    expect(await cap.text()).toContain("<msgType>Alert</msgType>");

    const anonymous = await playwright.request.newContext({ baseURL, storageState: noSession });
    try {
      await expectProblem(await anonymous.get("/api/v1/advisories/feed.atom"), 401);
    } finally {
      await anonymous.dispose();
    }
  });
});

test.describe("Hoshino's feed, read with an API token", () => {
  test.use({ storageState: storageStateFor("hoshinoAdmin") });

  test("has the magnet advisory delivered to Hoshino and not Tsubame's", async ({ page, playwright, baseURL }) => {
    // The inbox tells of the feed, in the page and to feed readers, and its link opens it with the session.
    await page.goto("/company/advisories");
    await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", /\/api\/v1\/advisories\/feed\.atom$/);
    const link = page.getByRole("link", { name: "Atom feed of your advisories" });
    await expect(link).toHaveAttribute("href", "/api/v1/advisories/feed.atom");
    expect((await page.request.get("/api/v1/advisories/feed.atom")).headers()["content-type"]).toContain("application/atom+xml");
    // Read in Japanese, the inbox points at the feed in Japanese.
    await page.context().addCookies([{ name: "NEXT_LOCALE", value: "ja", url: baseURL! }]);
    await page.reload();
    await expect(page.getByRole("link", { name: "貴社の勧告の Atom フィード" })).toHaveAttribute("href", "/api/v1/advisories/feed.atom?lang=ja");
    await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", /\/api\/v1\/advisories\/feed\.atom\?lang=ja$/);
    await page.context().clearCookies({ name: "NEXT_LOCALE" });
    await page.goto("/company/tokens");
    await page.getByLabel("Label").fill(`feed ${unique}`);
    await page.getByLabel("Valid for (days)").fill("1");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())!.trim();
    const client = await playwright.request.newContext({ baseURL, storageState: noSession });
    try {
      const feed = await client.get("/api/v1/advisories/feed.atom", { headers: { authorization: `Bearer ${token}` } });
      expect(feed.status()).toBe(200);
      expect(feed.headers()["content-type"]).toContain("application/atom+xml");
      const xml = await feed.text();
      expect(xml).toContain(`urn:uuid:${demoAdvisoryIds.rareEarths}`);
      // TLP:AMBER: like an email, the feed says only that there is something to read (recorded) on its page.
      expect(xml).toContain("[TLP:AMBER]");
      expect(xml).not.toContain("Heavy rare earths");
      expect(xml).not.toContain("Strain-wave gear shortage");
      // The feed's own words in Japanese when asked (the advisory's are as written); another language is refused.
      const japanese = await (await client.get("/api/v1/advisories/feed.atom?lang=ja", { headers: { authorization: `Bearer ${token}` } })).text();
      expect(japanese).toMatch(/<title>架け橋（Kakehashi）の勧告：[^<]+<\/title>/);
      expect(japanese).toContain(`urn:uuid:${demoAdvisoryIds.rareEarths}`);
      await expectProblem(await client.get("/api/v1/advisories/feed.atom?lang=fr", { headers: { authorization: `Bearer ${token}` } }), 422);
    } finally {
      await client.dispose();
    }
  });
});
