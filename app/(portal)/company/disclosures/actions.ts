"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { currentContext } from "@/lib/auth/current-actor";
import { actionFailure, type ActionResult } from "@/lib/http/action-result";
import { fieldErrorsFrom } from "@/lib/i18n/validation";
import { createDisclosureSchema, updateDisclosureSchema, type Disclosure } from "@/lib/schemas/disclosure";
import { createDisclosure } from "@/lib/services/create-disclosure";
import { ConflictError, ValidationError } from "@/lib/services/errors";
import { listDisclosures } from "@/lib/services/list-disclosures";
import { submitDisclosure } from "@/lib/services/submit-disclosure";
import { updateDisclosure } from "@/lib/services/update-disclosure";
import { withdrawDisclosure } from "@/lib/services/withdraw-disclosure";

// Thin transports: parse, call the service, map the result. A stale save answers `code: "stale"` with the
// newer disclosure in `current` (see actionFailure).

const target = z.object({ id: z.string().max(100), revision: z.number().int().min(0).optional() });
const saveTarget = z.object({ id: z.string().max(100), revision: z.number().int().min(0), changes: z.unknown() });

function parse<T>(schema: z.ZodType<T>, values: unknown): T {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error));
  return parsed.data;
}

function revalidate(id?: string) {
  revalidatePath("/company/disclosures");
  if (id) revalidatePath(`/company/disclosures/${id}`);
}

export async function createDisclosureAction(values: unknown): Promise<ActionResult<{ id: string }>> {
  const ctx = await currentContext();
  try {
    const input = parse(createDisclosureSchema, values);
    try {
      const created = await createDisclosure({ ctx, input });
      revalidate();
      return { ok: true, data: { id: created.id } };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // One disclosure per period: answer which one already exists, so the form can link to it.
      const existing = await listDisclosures({ ctx, input: { period: input.reportingPeriod, limit: "1" } });
      return { ok: false, code: "exists", message: error.message, requestId: ctx.requestId, current: { id: existing.items[0]?.id ?? null } };
    }
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}

export async function saveDraftAction(values: unknown): Promise<ActionResult<Disclosure>> {
  const ctx = await currentContext();
  try {
    const { id, revision, changes: raw } = parse(saveTarget, values);
    const changes = parse(updateDisclosureSchema, raw);
    const saved = await updateDisclosure({ ctx, input: { id, revision, changes } });
    revalidate(id);
    return { ok: true, data: saved };
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}

export async function submitDisclosureAction(values: unknown): Promise<ActionResult<Disclosure>> {
  const ctx = await currentContext();
  try {
    const input = parse(target, values);
    const submitted = await submitDisclosure({ ctx, input });
    revalidate(input.id);
    return { ok: true, data: submitted };
  } catch (error) {
    // A 422 names the draft's fields as `items.N.field`, the form's own paths.
    return actionFailure(error, ctx.requestId);
  }
}

export async function withdrawDisclosureAction(values: unknown): Promise<ActionResult<Disclosure>> {
  const ctx = await currentContext();
  try {
    const { id } = parse(target, values);
    const withdrawn = await withdrawDisclosure({ ctx, input: { id } });
    revalidate(id);
    return { ok: true, data: withdrawn };
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
}
