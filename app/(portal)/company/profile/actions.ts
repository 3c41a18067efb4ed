"use server";

import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import { actionFailure, type ActionResult } from "@/lib/http/action-result";
import { fieldErrorsFrom } from "@/lib/i18n/validation";
import { companyProfileInputSchema, type CompanyProfile } from "@/lib/schemas/profile";
import { ValidationError } from "@/lib/services/errors";
import { updateOwnProfile } from "@/lib/services/update-own-profile";

export async function saveProfileAction(values: unknown): Promise<ActionResult<CompanyProfile>> {
  const ctx = await currentContext();
  try {
    const parsed = companyProfileInputSchema.safeParse(values);
    if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
    const data = await updateOwnProfile({ ctx, input: parsed.data });
    revalidatePath("/company");
    return { ok: true, data };
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}
