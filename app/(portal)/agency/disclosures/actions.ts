"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentContext } from "@/lib/auth/current-actor";
import { actionFailure, type ActionResult } from "@/lib/http/action-result";
import { fieldErrorsFrom } from "@/lib/i18n/validation";
import { breakGlassSchema, reviewInputSchema, type Disclosure } from "@/lib/schemas/disclosure";
import { ValidationError } from "@/lib/services/errors";
import { openDisclosureBreakGlass } from "@/lib/services/open-disclosure-break-glass";
import { reviewDisclosure } from "@/lib/services/review-disclosure";

const reviewCall = z.object({ id: z.string().max(100), review: z.unknown() });
const breakGlassCall = z.object({ id: z.string().max(100), justification: z.unknown() });

function parse<T>(schema: z.ZodType<T>, values: unknown): T {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  return parsed.data;
}

export async function reviewDisclosureAction(values: unknown): Promise<ActionResult<{ status: Disclosure["status"] }>> {
  const ctx = await currentContext();
  try {
    const { id, review } = parse(reviewCall, values);
    const saved = await reviewDisclosure({ ctx, input: { id, review: parse(reviewInputSchema, review) } });
    revalidatePath("/agency/disclosures");
    revalidatePath(`/agency/disclosures/${id}`);
    return { ok: true, data: { status: saved.status } };
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}

/** Opens a disclosure outside the approver's assignment; the read is recorded with the justification and flagged. */
export async function breakGlassAction(values: unknown): Promise<ActionResult<Disclosure>> {
  const ctx = await currentContext();
  try {
    const { id, justification } = parse(breakGlassCall, values);
    const input = parse(breakGlassSchema, { justification });
    return { ok: true, data: await openDisclosureBreakGlass({ ctx, input: { id, justification: input.justification } }) };
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}
