"use server";

import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import { actionFailure, type ActionResult } from "@/lib/http/action-result";
import { fieldErrorsFrom } from "@/lib/i18n/validation";
import { apiTokenCreateSchema } from "@/lib/schemas/api-token";
import { createApiToken } from "@/lib/services/create-api-token";
import { ValidationError } from "@/lib/services/errors";
import { revokeApiToken } from "@/lib/services/revoke-api-token";

export async function createTokenAction(values: unknown): Promise<ActionResult<{ token: string; name: string }>> {
  const ctx = await currentContext();
  try {
    const parsed = apiTokenCreateSchema.safeParse(values);
    if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
    const created = await createApiToken({ ctx, input: parsed.data });
    revalidatePath("/company/tokens");
    return { ok: true, data: { token: created.token, name: created.name } };
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}

export async function revokeTokenAction(formData: FormData): Promise<void> {
  const ctx = await currentContext();
  const tokenId = String(formData.get("tokenId") ?? "");
  try {
    await revokeApiToken({ ctx, input: { tokenId } });
  } catch (error) {
    // The list re-renders either way; a token that was not revoked still shows as active.
    actionFailure(error, ctx.requestId);
  }
  revalidatePath("/company/tokens");
}
