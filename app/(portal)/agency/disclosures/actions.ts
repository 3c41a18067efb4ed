"use server";

import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import { actionRefusal, type ActionResult } from "@/lib/http/action-result";
import type { Disclosure } from "@/lib/schemas/disclosure";
import { unchecked } from "@/lib/services/input";
import { openDisclosureBreakGlass } from "@/lib/services/open-disclosure-break-glass";
import { reviewDisclosure } from "@/lib/services/review-disclosure";

// Thin transports: the services check what the form sent, after they have authorized the caller.

export async function reviewDisclosureAction(values: unknown): Promise<ActionResult<{ status: Disclosure["status"] }>> {
  const ctx = await currentContext();
  try {
    const saved = await reviewDisclosure({ ctx, input: unchecked(values) });
    revalidatePath("/agency/disclosures");
    revalidatePath(`/agency/disclosures/${saved.id}`);
    return { ok: true, data: { status: saved.status } };
  } catch (error) {
    return actionRefusal(error, ctx, "agency/disclosures#reviewDisclosureAction");
  }
}

/** Opens a disclosure outside the approver's assignment; the read is recorded with the justification and flagged. */
export async function breakGlassAction(values: unknown): Promise<ActionResult<Disclosure>> {
  const ctx = await currentContext();
  try {
    return { ok: true, data: await openDisclosureBreakGlass({ ctx, input: unchecked(values) }) };
  } catch (error) {
    return actionRefusal(error, ctx, "agency/disclosures#breakGlassAction");
  }
}
