import { eq } from "drizzle-orm";
import { users, type EmailLocale } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import { requirePermission } from "@/lib/authz/policy";
import { emailLocaleInputSchema, type EmailLocaleInput } from "@/lib/schemas/email-locale";
import type { ServiceCall } from "./context";
import { UnauthenticatedError } from "./errors";
import { parseInput, type Input } from "./input";
import { withTx } from "./transaction";

/**
 * The caller chooses the language of their own emails: `en` or `ja`, or null for both (Japanese then
 * English, the default), and the change is an audit event in the same transaction. Only the caller's own
 * row is changed: the input names no one (an unknown field is refused). Like the other changes of one's own
 * account (password, second factor) it runs outside the account wall: there an auditor changes no account,
 * their own included (migration 0048), and auditors are mailed too. Emails are written when they are
 * queued, so the choice applies to those queued from now on.
 */
export async function setEmailLocale({ ctx, input: raw }: ServiceCall<Input<EmailLocaleInput>>): Promise<{ emailLocale: EmailLocale | null }> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "account.manage_own");
    const input = parseInput(emailLocaleInputSchema, raw);
    const [before] = await tx.select({ emailLocale: users.emailLocale }).from(users).where(eq(users.id, actor.userId)).for("no key update");
    if (!before) throw new UnauthenticatedError();
    await tx.update(users).set({ emailLocale: input.emailLocale }).where(eq(users.id, actor.userId));
    await emit(tx, ctx, {
      action: "account.email_locale",
      outcome: "allowed",
      target: { type: "user", id: actor.userId, orgId: actor.orgId },
      details: { from: before.emailLocale, to: input.emailLocale },
    });
    return { emailLocale: input.emailLocale };
  });
}
