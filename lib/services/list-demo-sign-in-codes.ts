import { eq, inArray, isNotNull, and } from "drizzle-orm";
import { userMfa, users } from "@/db/schema";
import { demoUsers } from "@/lib/demo/seed-demo";
import { openSecret } from "@/lib/security/secret-box";
import { secondsLeftInStep, usableTotpCode } from "@/lib/security/totp";
import type { ServiceCall } from "./context";

/** Whether this server runs the demo (DEMO_MODE=1); a production start never does. */
export function isDemoMode(env: Record<string, string | undefined> = process.env): boolean {
  return env.DEMO_MODE === "1";
}

/**
 * The TOTP codes the demo accounts' sign-ins would take now, so that a newcomer needs no authenticator app. Only
 * when the server runs the demo, and only for the seeded demo accounts: in production it answers
 * nothing, whatever it is asked.
 */
export async function listDemoSignInCodes({ ctx, input }: ServiceCall<{ email?: string } | undefined>, env: Record<string, string | undefined> = process.env) {
  if (!isDemoMode(env)) return { codes: [], secondsLeft: 0 };
  const wanted = demoUsers.map((u) => u.email).filter((email) => !input?.email || email === input.email.trim().toLowerCase());
  if (wanted.length === 0) return { codes: [], secondsLeft: 0 };
  const rows = await ctx.db
    .select({ email: users.email, sealed: userMfa.secretCiphertext, lastTimeStep: userMfa.lastTimeStep })
    .from(userMfa)
    .innerJoin(users, eq(users.id, userMfa.userId))
    .where(and(inArray(users.email, wanted), isNotNull(userMfa.confirmedAt)));
  const codes = [];
  for (const row of rows) {
    const secret = openSecret(row.sealed);
    // The code a sign-in would take now: after one within this step, the next step's (never one already used).
    const code = secret ? usableTotpCode(secret, row.lastTimeStep) : null;
    if (code) codes.push({ email: row.email, code: await code });
  }
  codes.sort((a, b) => wanted.indexOf(a.email) - wanted.indexOf(b.email));
  return { codes, secondsLeft: secondsLeftInStep() };
}
