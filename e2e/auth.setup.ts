import { test as setup, expect } from "@playwright/test";
import { signInThroughApi } from "./fixtures";
import { accounts, storageStateFor, type AccountKey } from "./roles";

// Sign in through Auth.js's endpoints (not the UI) once per account and keep the browser state.
// Government and platform accounts pass the TOTP step with a code from their published demo secret.
for (const key of Object.keys(accounts) as AccountKey[]) {
  setup(`sign in as ${accounts[key]}`, async ({ request }) => {
    await signInThroughApi(request, accounts[key]);
    const me = await request.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect((await me.json()).user.email).toBe(accounts[key]);
    await request.storageState({ path: storageStateFor(key) });
  });
}
