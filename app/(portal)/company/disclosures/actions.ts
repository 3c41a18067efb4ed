"use server";

import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import { actionRefusal, type ActionResult } from "@/lib/http/action-result";
import type { Disclosure } from "@/lib/schemas/disclosure";
import { createDisclosure } from "@/lib/services/create-disclosure";
import { ConflictError } from "@/lib/services/errors";
import { unchecked } from "@/lib/services/input";
import { submitDisclosure } from "@/lib/services/submit-disclosure";
import { updateDisclosure } from "@/lib/services/update-disclosure";
import { withdrawDisclosure } from "@/lib/services/withdraw-disclosure";

// Thin transports: the services check what the form sent, after they have authorized the caller. A stale
// save answers `code: "stale"` with the newer disclosure in `current` (see actionFailure).

function revalidate(id?: string) {
  revalidatePath("/company/disclosures");
  if (id) revalidatePath(`/company/disclosures/${id}`);
}

export async function createDisclosureAction(values: unknown): Promise<ActionResult<{ id: string }>> {
  const ctx = await currentContext();
  try {
    const created = await createDisclosure({ ctx, input: unchecked(values) });
    revalidate();
    return { ok: true, data: { id: created.id } };
  } catch (error) {
    // One disclosure per period: answer which one already exists, so the form can link to it.
    if (error instanceof ConflictError && error.messageKey === "disclosureExists") {
      return { ok: false, code: "exists", message: error.message, requestId: ctx.requestId, current: { id: error.messageValues?.id ?? null } };
    }
    return actionRefusal(error, ctx, "company/disclosures#createDisclosureAction");
  }
}

export async function saveDraftAction(values: unknown): Promise<ActionResult<Disclosure>> {
  const ctx = await currentContext();
  try {
    const saved = await updateDisclosure({ ctx, input: unchecked(values) });
    revalidate(saved.id);
    return { ok: true, data: saved };
  } catch (error) {
    return actionRefusal(error, ctx, "company/disclosures#saveDraftAction");
  }
}

export async function submitDisclosureAction(values: unknown): Promise<ActionResult<Disclosure>> {
  const ctx = await currentContext();
  try {
    const submitted = await submitDisclosure({ ctx, input: unchecked(values) });
    revalidate(submitted.id);
    return { ok: true, data: submitted };
  } catch (error) {
    // A 422 names the draft's fields as `items.N.field`, the form's own paths.
    return actionRefusal(error, ctx, "company/disclosures#submitDisclosureAction");
  }
}

export async function withdrawDisclosureAction(values: unknown): Promise<ActionResult<Disclosure>> {
  const ctx = await currentContext();
  try {
    const withdrawn = await withdrawDisclosure({ ctx, input: unchecked(values) });
    revalidate(withdrawn.id);
    return { ok: true, data: withdrawn };
  } catch (error) {
    return actionRefusal(error, ctx, "company/disclosures#withdrawDisclosureAction");
  }
}
