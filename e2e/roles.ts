import { demoOrgIds, DEMO_PASSWORD } from "../lib/demo/seed-demo";

export { demoOrgIds, DEMO_PASSWORD };

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
