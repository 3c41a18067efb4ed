import { expect, test, type Browser, type Page } from "@playwright/test";
import { demoAdvisoryIds } from "../lib/demo/seed-advisories";
import { demoDisclosureIds } from "../lib/demo/seed-disclosures";
import { demoUsers } from "../lib/demo/seed-demo";
import { noSession } from "./fixtures";
import { storageStateFor, type AccountKey } from "./roles";

// The moment between a page's first paint and its script taking over (slow networks, a busy device): the
// forms the script submits (react-hook-form) must not be submittable yet — the browser would submit them
// by itself — and must never send their fields in the address, where passwords, codes and justifications
// would reach history, logs and Referer headers. Search forms (GET by design) and server-action forms
// (which work without the script) are left as they are. Where scripts are off for good, such a form says
// it needs them. And what such a form shows before its script runs is what it holds once it runs: saved
// values (a profile, a draft's items, a preselected choice) are in the server's page, not filled in by
// the script after a moment of empty fields.

type FormState = { method: string | null; submits: boolean[]; fields: string[]; needsScript: string | null };

/** The page's forms that its script submits: how they would submit, their submit buttons, what their visible fields show. */
function scriptForms(page: Page): Promise<FormState[]> {
  return page.locator("form").evaluateAll((forms) =>
    forms
      .filter((form) => form.getAttribute("method")?.toLowerCase() !== "get" && !form.querySelector('input[name^="$ACTION"]'))
      .map((form) => ({
        method: form.getAttribute("method"),
        needsScript: form.querySelector(":scope > noscript")?.textContent ?? null,
        submits: [...form.querySelectorAll<HTMLButtonElement>("button:not([type]), button[type=submit]")].map((button) => button.disabled),
        fields: [...form.querySelectorAll<HTMLInputElement>("input:not([type=hidden]), select, textarea")].map((field) =>
          field.type === "checkbox" || field.type === "radio" ? `${field.name}=${field.value}:${field.checked}` : `${field.name}=${field.value}`,
        ),
      })),
  );
}

async function formsOf(browser: Browser, account: AccountKey | null, path: string, script: boolean): Promise<FormState[]> {
  const context = await browser.newContext({ storageState: account ? storageStateFor(account) : noSession, javaScriptEnabled: script });
  try {
    const page = await context.newPage();
    // What the page's script reports as broken: a page whose server HTML and first client render differ
    // (React's hydration errors) starts over on the client, and the fields shown before it can change.
    const errors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    // Once the script runs, the submit buttons are enabled: the forms hold what the script gave them.
    if (script) await expect(page.locator('form[method="post"] button[type="submit"]:not([disabled])').first()).toBeVisible();
    const forms = await scriptForms(page);
    expect(errors, `${path}: errors on the page's console`).toEqual([]);
    return forms;
  } finally {
    await context.close();
  }
}

const reviewer2 = demoUsers.find((u) => u.email === "reviewer2@esb.example")!;
const pages: [AccountKey | null, string][] = [
  [null, "/sign-in"],
  [null, "/forgot-password"],
  ["hoshinoOfficer", `/company/disclosures/${demoDisclosureIds.hoshinoH2}`],
  ["hoshinoOfficer", "/account"],
  ["hoshinoAdmin", "/company/tokens"],
  ["hoshinoAdmin", "/company/profile"],
  ["hoshinoAdmin", "/company/users"],
  ["reviewer", `/agency/disclosures/${demoDisclosureIds.hoshinoH1}`],
  ["reviewer", "/agency/advisories/new"],
  ["reviewer", "/agency/conflicts"],
  ["reviewer2", `/agency/advisories/${demoAdvisoryIds.betaLactam}/edit`],
  ["platformAdmin", "/admin/users"],
  ["platformAdmin", `/admin/users/${reviewer2.id}`],
];

for (const [account, path] of pages) {
  test(`${path} as ${account ?? "nobody"}: the script's forms post, wait for the script before they submit, and show their values before it runs`, async ({ browser }) => {
    const forms = await formsOf(browser, account, path, false);
    expect(forms.length, "forms the page's script submits").toBeGreaterThan(0);
    for (const form of forms) {
      expect(form.method?.toLowerCase()).toBe("post");
      expect(form.submits.length).toBeGreaterThan(0);
      expect(form.submits.every((disabled) => disabled)).toBe(true);
      // With scripts off for good, the form says why it cannot be sent.
      expect(form.needsScript).toMatch(/needs JavaScript|JavaScript が必要/);
    }
    const running = await formsOf(browser, account, path, true);
    expect(forms.map((form) => form.fields)).toEqual(running.map((form) => form.fields));
  });
}

test("a password typed and entered before the sign-in page's script runs never reaches the address", async ({ browser }) => {
  const context = await browser.newContext({ storageState: noSession, javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel(/^(Email|メールアドレス)/).fill("officer@hoshino.example");
    await page.locator('input[type="password"]').fill("a secret of the user's");
    await page.locator('input[type="password"]').press("Enter");
    await page.waitForLoadState("load");
    expect(page.url()).not.toContain("secret");
    expect(new URL(page.url()).search).toBe("");
  } finally {
    await context.close();
  }
});

// React and react-hook-form keep what the page holds when the script starts; this holds them to it.
test("a change typed before the page's script runs is kept when it starts, and saved", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("minatoOfficer") });
  try {
    const page = await context.newPage();
    // The page's scripts are held back until the change is typed, as on a slow network.
    let release!: () => void;
    const scripts = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/_next/static/chunks/**", async (route) => {
      await scripts;
      await route.continue();
    });
    await page.goto("/company/profile", { waitUntil: "commit" });
    const name = `Typed early ${Date.now().toString(36)}`;
    await page.getByLabel("Contact person").fill(name);
    release();
    const save = page.getByRole("button", { name: "Save the profile" });
    await expect(save).toBeEnabled();
    await expect(page.getByLabel("Contact person")).toHaveValue(name);
    await save.click();
    await expect(page.getByText(/The profile was saved/)).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Contact person")).toHaveValue(name);
  } finally {
    await context.close();
  }
});
