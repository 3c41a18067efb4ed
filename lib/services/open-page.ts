import { requirePermission, type Permission } from "@/lib/authz/policy";
import type { ServiceCall } from "./context";
import { withoutTx } from "./transaction";

/**
 * A page that shows what `permission` allows: a role without it learns nothing of the page (404), and the
 * attempt is audited like any service's refusal. The services the page then calls check again.
 */
export function openPage({ ctx, input }: ServiceCall<{ permission: Permission; path: string }>): Promise<void> {
  return withoutTx(ctx, async () => {
    requirePermission(ctx, input.permission, { type: "page", id: input.path }, { hidden: true });
  });
}
