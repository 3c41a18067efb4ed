import { test as setup, expect } from "@playwright/test";
import { accounts, DEMO_PASSWORD, storageStateFor, type AccountKey } from "./roles";

// Sign in through Auth.js's endpoints (not the UI) once per account and keep the browser state.
for (const key of Object.keys(accounts) as AccountKey[]) {
  setup(`sign in as ${accounts[key]}`, async ({ request }) => {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const response = await request.post("/api/auth/callback/credentials", {
      form: { email: accounts[key], password: DEMO_PASSWORD, csrfToken },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    const me = await request.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect((await me.json()).user.email).toBe(accounts[key]);
    await request.storageState({ path: storageStateFor(key) });
  });
}
