"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { advisoryFailure, keyedValidation, type AdvisoryActionResult } from "@/lib/advisories/action-errors";
import { currentContext } from "@/lib/auth/current-actor";
import { acknowledgeAdvisorySchema } from "@/lib/schemas/advisory";
import { acknowledgeAdvisory } from "@/lib/services/acknowledge-advisory";

const call = z.object({ id: z.string().max(100), acknowledgement: z.unknown() });

export async function acknowledgeAction(values: unknown): Promise<AdvisoryActionResult<null>> {
  const ctx = await currentContext();
  try {
    const parsedCall = call.safeParse(values);
    if (!parsedCall.success) throw keyedValidation(parsedCall.error);
    const parsed = acknowledgeAdvisorySchema.safeParse(parsedCall.data.acknowledgement);
    if (!parsed.success) throw keyedValidation(parsed.error);
    await acknowledgeAdvisory({ ctx, input: { id: parsedCall.data.id, acknowledgement: parsed.data } });
    revalidatePath("/company/advisories");
    revalidatePath(`/company/advisories/${parsedCall.data.id}`);
    return { ok: true, data: null };
  } catch (error) {
    return advisoryFailure(error, ctx.requestId);
  }
}
