import type { OrganisationType } from "@/db/schema";

// How long a session may sit unused before it ends (SPEC §6): government and platform staff 30
// minutes, companies 8 hours; whatever the use, a session ends 12 hours after sign-in
// (SESSION_ABSOLUTE_HOURS in authenticate-user.ts). Overridable for an operator's own policy.
export function idleMinutesFor(orgType: OrganisationType, env: NodeJS.ProcessEnv = process.env): number {
  const raw = orgType === "company" ? env.SESSION_IDLE_MINUTES_COMPANY : env.SESSION_IDLE_MINUTES_GOVERNMENT;
  const fallback = orgType === "company" ? 480 : 30;
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 720) {
    throw new Error(`${orgType === "company" ? "SESSION_IDLE_MINUTES_COMPANY" : "SESSION_IDLE_MINUTES_GOVERNMENT"} must be a whole number of minutes from 1 to 720`);
  }
  return value;
}
