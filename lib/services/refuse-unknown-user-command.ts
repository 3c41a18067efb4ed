import type { ServiceCall } from "./context";
import { ValidationError } from "./errors";
import { requireUserAdmin } from "./internal/users";
import { withTx } from "./transaction";

/**
 * A user-administration form naming a command the portal does not have: refused as its commands are — one
 * who may not administer users meets that (audited) refusal — and otherwise a 422 on `command`, with
 * nothing done. (It used to answer success, unrecorded, to anyone.)
 */
export async function refuseUnknownUserCommand({ ctx }: ServiceCall<{ command: string }>): Promise<never> {
  return withTx(ctx, async () => {
    requireUserAdmin(ctx, "user.command");
    throw new ValidationError([{ path: "command", message: "validation.command" }]);
  });
}
