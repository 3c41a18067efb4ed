import { requirePermission } from "@/lib/authz/policy";
import type { CompanyProfile } from "@/lib/schemas/profile";
import type { ServiceCall } from "./context";
import { withTx } from "./transaction";
import { NotFoundError } from "./errors";
import { loadProfile } from "./internal/profiles";
import { serviceMessage } from "./messages";

/** The caller's own company profile, for its officers and admins. */
export async function getOwnProfile({ ctx }: ServiceCall<void>): Promise<CompanyProfile> {
  return withTx(ctx, async (tx) => {
    const actor = requirePermission(ctx, "profile.read_own");
    const profile = await loadProfile(tx, actor.orgId);
    if (!profile) throw new NotFoundError(serviceMessage("noCompanyProfile"));
    return profile;
  });
}
