"use server";

import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import { actionRefusal, type ActionResult } from "@/lib/http/action-result";
import type { CompanyProfile } from "@/lib/schemas/profile";
import { unchecked } from "@/lib/services/input";
import { updateOwnProfile } from "@/lib/services/update-own-profile";

export async function saveProfileAction(values: unknown): Promise<ActionResult<CompanyProfile>> {
  const ctx = await currentContext();
  try {
    const data = await updateOwnProfile({ ctx, input: unchecked(values) });
    revalidatePath("/company");
    return { ok: true, data };
  } catch (error) {
    return actionRefusal(error, ctx, "company/profile#saveProfileAction");
  }
}
