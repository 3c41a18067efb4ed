import { generate } from "otplib";
import { demoOrgIds, DEMO_PASSWORD, demoUsers, hasDemoAuthenticator } from "../lib/demo/seed-demo";
import { demoTotpSecret } from "../lib/demo/demo-totp";

export { demoOrgIds, DEMO_PASSWORD };

/** Whether a demo account signs in with a TOTP code (government and platform roles). */
export function needsTotp(email: string): boolean {
  return demoUsers.some((u) => u.email === email && hasDemoAuthenticator(u));
}

/**
 * A demo account's TOTP code from its published secret, `stepsAhead` 30-second steps from now. A code
 * is accepted once: a second sign-in within one step needs the next step's code (which the server
 * accepts, within its one-step tolerance).
 */
export function totpCodeFor(email: string, stepsAhead = 0): Promise<string> {
  return generate({ secret: demoTotpSecret(email), epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

/** Milliseconds until the next TOTP step begins. */
export function msToNextTotpStep(): number {
  return 30_000 - (Date.now() % 30_000) + 250;
}

/** The demo accounts the specs act as, with the saved browser state of each. */
export const accounts = {
  hoshinoOfficer: "officer@hoshino.example",
  hoshinoAdmin: "admin@hoshino.example",
  aobaOfficer: "officer@aoba.example",
  minatoOfficer: "officer@minato.example",
  kawasemiOfficer: "officer@kawasemi.example",
  tsubameOfficer: "officer@tsubame.example",
  reviewer: "reviewer@esb.example",
  reviewer2: "reviewer2@esb.example",
  approver: "approver@esb.example",
  auditor: "auditor@oversight.example",
  platformAdmin: "admin@kakehashi.example",
} as const;

export type AccountKey = keyof typeof accounts;

export function storageStateFor(account: AccountKey): string {
  return `e2e/.auth/${account}.json`;
}
