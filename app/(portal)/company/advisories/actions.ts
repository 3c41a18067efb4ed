"use server";

import { revalidatePath } from "next/cache";
import { advisoryFailure, type AdvisoryActionResult } from "@/lib/advisories/action-errors";
import { currentContext } from "@/lib/auth/current-actor";
import { acknowledgeAdvisory } from "@/lib/services/acknowledge-advisory";
import { unchecked } from "@/lib/services/input";

/** Acknowledges the newest revision delivered; the service checks the note after it has authorized the caller. */
export async function acknowledgeAction(values: unknown): Promise<AdvisoryActionResult<null>> {
  const ctx = await currentContext();
  try {
    const advisory = await acknowledgeAdvisory({ ctx, input: unchecked(values) });
    revalidatePath("/company/advisories");
    revalidatePath(`/company/advisories/${advisory.id}`);
    return { ok: true, data: null };
  } catch (error) {
    return advisoryFailure(error, ctx, "company/advisories#acknowledgeAction");
  }
}
