"use server";

import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import { actionRefusal, type ActionResult, type CommandState } from "@/lib/http/action-result";
import { runCommand } from "@/lib/http/run-action";
import { createApiToken } from "@/lib/services/create-api-token";
import { unchecked } from "@/lib/services/input";
import { revokeApiToken } from "@/lib/services/revoke-api-token";

export async function createTokenAction(values: unknown): Promise<ActionResult<{ token: string; name: string }>> {
  const ctx = await currentContext();
  try {
    const created = await createApiToken({ ctx, input: unchecked(values) });
    revalidatePath("/company/tokens");
    return { ok: true, data: { token: created.token, name: created.name } };
  } catch (error) {
    return actionRefusal(error, ctx, "company/tokens#createTokenAction");
  }
}

export async function revokeTokenAction(_previous: CommandState, formData: FormData): Promise<CommandState> {
  const tokenId = String(formData.get("tokenId") ?? "");
  return runCommand("company/tokens#revokeTokenAction", (ctx) => revokeApiToken({ ctx, input: { tokenId } }), ["/company/tokens"]);
}
