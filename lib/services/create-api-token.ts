import { requirePermission } from "@/lib/authz/policy";
import { emit } from "@/lib/audit/emit";
import { apiTokenCreateSchema, type ApiTokenCreateInput } from "@/lib/schemas/api-token";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { parseInput, type Input } from "./input";
import { insertApiToken } from "./internal/api-tokens";
import { admittedStillStands } from "./internal/credentials";
import { UnauthenticatedError } from "./errors";
import { enterRowSecurity } from "./internal/row-security";

/** A company admin creates an API token acting as themself. The plain token is returned once. */
export async function createApiToken({ ctx, input: raw }: ServiceCall<Input<ApiTokenCreateInput>>) {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "api_token.manage_company");
    await enterRowSecurity(tx, actor);
    const input = parseInput(apiTokenCreateSchema, raw);
    // A session ended (or a token revoked) by a password reset running beside this request issues nothing.
    if (!(await admittedStillStands(tx, { userId: actor.userId, sessionId: actor.sessionId, tokenId: actor.tokenId }))) throw new UnauthenticatedError();
    const { token, row } = await insertApiToken(tx, actor.userId, input.name, input.expiresInDays);
    await emit(tx, ctx, {
      action: "api_token.create",
      outcome: "allowed",
      target: { type: "api_token", id: row.id, orgId: actor.orgId },
      details: { name: row.name, expiresAt: row.expiresAt.toISOString() },
    });
    return { token, id: row.id, name: row.name, prefix: row.prefix, expiresAt: row.expiresAt };
  });
}
