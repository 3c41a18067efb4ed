import type { Request } from "@playwright/test";
import { expect, signInThroughUi, test } from "./fixtures";
import { DEMO_PASSWORD } from "./roles";

// Sign-in is the thing tested here, so every test starts without a session and signs in through the form.

const landings = [
  { email: "officer@hoshino.example", path: "/company", heading: "Hoshino Magnetics" },
  { email: "admin@hoshino.example", path: "/company", heading: "Hoshino Magnetics" },
  { email: "reviewer@esb.example", path: "/agency", heading: "Agency workspace" },
  { email: "approver@esb.example", path: "/agency", heading: "Agency workspace" },
  { email: "auditor@oversight.example", path: "/oversight", heading: "Oversight console" },
  { email: "admin@kakehashi.example", path: "/admin", heading: "Platform administration" },
];

test.describe("signing in through the form", () => {
  // Every test opens its own session, so they may run on both workers at once.
  test.describe.configure({ mode: "parallel" });

  for (const { email, path, heading } of landings) {
    test(`${email} lands on ${path}`, async ({ page }) => {
      await page.goto("/sign-in");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
      await signInThroughUi(page, email);
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
      await expect(page.getByTestId("signed-in-as")).toBeVisible();
    });
  }

  test("an anonymous visitor is sent to sign in and then back where they were going", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto("/company/profile");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
    await signInThroughUi(page, "officer@hoshino.example");
    await expect(page).toHaveURL(/\/company\/profile$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Company profile");
  });

  test("a callbackUrl pointing elsewhere is not followed off the site", async ({ page, baseURL }) => {
    await page.goto(`/sign-in?callbackUrl=${encodeURIComponent("https://evil.example/company/profile")}`);
    await signInThroughUi(page, "officer@hoshino.example");
    await expect(page).toHaveURL(`${baseURL}/company/profile`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Company profile");
  });

  test("an empty form shows both field errors without asking the server", async ({ page }) => {
    await page.goto("/sign-in");
    await page.waitForLoadState("networkidle");
    const posts: Request[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request);
    });

    await page.getByRole("button", { name: "Sign in" }).click();

    const email = page.getByLabel("Email address");
    const password = page.getByLabel("Password", { exact: true });
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("This field is required.")).toHaveCount(2);
    // Each error is tied to its field.
    await expect(email).toHaveAccessibleDescription("This field is required.");
    await expect(password).toHaveAccessibleDescription("This field is required.");
    await expect(page.getByRole("alert", { name: "Sign-in failed" })).toHaveCount(0);
    await page.waitForLoadState("networkidle");
    expect(posts.map((r) => r.url())).toEqual([]);
  });

  test("a wrong password is refused, the field emptied and the password never echoed", async ({ page }) => {
    const wrong = `Wrong-e2e-${Date.now()}-pw`;
    await page.goto("/sign-in");
    // Read the server action's answer on its way to the page (more reliable than the response body afterwards).
    const answers: string[] = [];
    await page.route("**/sign-in**", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const response = await route.fetch();
      answers.push(await response.text());
      await route.fulfill({ response });
    });

    await signInThroughUi(page, "officer@minato.example", wrong);

    const alert = page.getByRole("alert", { name: "Sign-in failed" });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("The email address or password is not correct.");
    // The refusal is about no field in particular: it takes the focus from the button.
    await expect(page.locator("#sign-in-error")).toBeFocused();
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    await expect(page).toHaveURL(/\/sign-in/);
    expect(await page.content()).not.toContain(wrong);
    // Nor is it in the server action's answer.
    expect(answers).toHaveLength(1);
    expect(answers[0]).not.toContain(wrong);
  });

  test("the code step starts at its field, and Start over goes back to the email address", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill("reviewer@esb.example");
    await page.getByLabel("Password", { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Authentication code")).toBeFocused();
    // The button goes with the step it belongs to; the focus lands on the first field, not the page's start.
    await page.getByRole("button", { name: "Start over" }).click();
    await expect(page.getByLabel("Email address")).toBeFocused();
    await expect(page.getByLabel("Email address")).toHaveValue("reviewer@esb.example");
  });

  test("signing out closes the server-side session: the old cookies no longer work", async ({ page, context }) => {
    await page.goto("/sign-in");
    await signInThroughUi(page, "officer@minato.example");
    await expect(page).toHaveURL(/\/company$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Minato Pharma");
    const oldCookies = await context.cookies();
    expect((await page.request.get("/api/v1/me")).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");

    await context.clearCookies();
    await context.addCookies(oldCookies);
    await page.goto("/company");
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");

    const me = await page.request.get("/api/v1/me");
    expect(me.status()).toBe(401);
    expect(me.headers()["content-type"]).toBe("application/problem+json");
  });
});
