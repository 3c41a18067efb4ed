import type { AccountLinkPurpose } from "@/db/schema";
import type { ServiceCall } from "./context";
import { findAccountLink } from "./internal/account-links";

/** Whether an emailed link still works, and for which account (shown on the page that completes it). Reads only. */
export async function inspectAccountLink({ ctx, input }: ServiceCall<{ token: string; purpose: AccountLinkPurpose }>) {
  if (input.token.length < 20 || input.token.length > 200) return { ok: false as const, reason: "unknown" as const };
  const state = await findAccountLink(ctx.db, input.token, input.purpose);
  return state.ok ? { ok: true as const, email: state.email, displayName: state.displayName } : { ok: false as const, reason: state.reason };
}
