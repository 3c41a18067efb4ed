import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { emit } from "@/lib/audit/emit";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { ConflictError, NotFoundError } from "./errors";
import { insertApiToken } from "./internal/api-tokens";
import { admittedStillStands } from "./internal/credentials";

/** The operator's command line issues a token for any user (`npm run token:create`). */
export async function issueCliToken({ ctx, input }: ServiceCall<{ email: string; name: string; expiresInDays: number }>) {
  return withTx(ctx, async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${input.email})`);
    if (!user) throw new NotFoundError(`No user with email ${input.email}.`);
    // A disabled account gets no token (enabling it later brings back none: a new one is made then).
    if (!(await admittedStillStands(tx, { userId: user.id }))) throw new ConflictError(`The account of ${input.email} is disabled.`);
    const { token, row } = await insertApiToken(tx, user.id, input.name, input.expiresInDays);
    await emit(tx, ctx, {
      action: "api_token.create",
      outcome: "allowed",
      target: { type: "api_token", id: row.id },
      purpose: "issued from the operator command line",
      details: { name: row.name, expiresAt: row.expiresAt.toISOString() },
    });
    return { token, id: row.id };
  });
}
