"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { advisoryFailure, keyedValidation, type AdvisoryActionResult } from "@/lib/advisories/action-errors";
import { currentContext } from "@/lib/auth/current-actor";
import { advisoryTargetsSchema, createAdvisorySchema, reviseAdvisorySchema, updateAdvisorySchema, withdrawAdvisorySchema, type AdvisoryReach } from "@/lib/schemas/advisory";
import { approveAdvisory } from "@/lib/services/approve-advisory";
import { createAdvisory } from "@/lib/services/create-advisory";
import { previewAdvisoryReach } from "@/lib/services/preview-advisory-reach";
import { requestAdvisoryApproval } from "@/lib/services/request-advisory-approval";
import { reviseAdvisory } from "@/lib/services/revise-advisory";
import { updateAdvisory } from "@/lib/services/update-advisory";
import { withdrawAdvisory } from "@/lib/services/withdraw-advisory";

const idCall = z.object({ id: z.string().max(100) });
const saveCall = z.object({
  mode: z.enum(["create", "edit", "revise"]),
  id: z.string().max(100).optional(),
  version: z.number().int().optional(),
  values: z.unknown(),
});

function parse<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) throw keyedValidation(parsed.error);
  return parsed.data;
}

const refresh = (id?: string) => {
  revalidatePath("/agency/advisories");
  if (id) revalidatePath(`/agency/advisories/${id}`);
};

/** Creates a draft, saves the working draft, or starts a revision, with the one schema each takes. */
export async function saveAdvisoryAction(call: unknown): Promise<AdvisoryActionResult<{ id: string }>> {
  const ctx = await currentContext();
  try {
    const { mode, id, version, values } = parse(saveCall, call);
    let saved;
    if (mode === "create") saved = await createAdvisory({ ctx, input: parse(createAdvisorySchema, values) });
    else if (mode === "edit") saved = await updateAdvisory({ ctx, input: { id: id ?? "", version, changes: parse(updateAdvisorySchema, values) } });
    else saved = await reviseAdvisory({ ctx, input: { id: id ?? "", revision: parse(reviseAdvisorySchema, values) } });
    refresh(saved.id);
    return { ok: true, data: { id: saved.id } };
  } catch (error) {
    return advisoryFailure(error, ctx.requestId);
  }
}

export async function previewReachAction(targets: unknown): Promise<AdvisoryActionResult<AdvisoryReach>> {
  const ctx = await currentContext();
  try {
    return { ok: true, data: await previewAdvisoryReach({ ctx, input: { targets: parse(advisoryTargetsSchema, targets) } }) };
  } catch (error) {
    return advisoryFailure(error, ctx.requestId);
  }
}

export async function requestApprovalAction(call: unknown): Promise<AdvisoryActionResult<null>> {
  const ctx = await currentContext();
  try {
    const { id } = parse(idCall, call);
    await requestAdvisoryApproval({ ctx, input: { id } });
    refresh(id);
    return { ok: true, data: null };
  } catch (error) {
    return advisoryFailure(error, ctx.requestId);
  }
}

export async function approveAction(call: unknown): Promise<AdvisoryActionResult<null>> {
  const ctx = await currentContext();
  try {
    const { id } = parse(idCall, call);
    await approveAdvisory({ ctx, input: { id } });
    refresh(id);
    return { ok: true, data: null };
  } catch (error) {
    return advisoryFailure(error, ctx.requestId);
  }
}

export async function withdrawAction(call: unknown): Promise<AdvisoryActionResult<null>> {
  const ctx = await currentContext();
  try {
    const { id, reason } = parse(idCall.extend({ reason: z.unknown() }), call);
    await withdrawAdvisory({ ctx, input: { id, reason: parse(withdrawAdvisorySchema, { reason }).reason } });
    refresh(id);
    return { ok: true, data: null };
  } catch (error) {
    return advisoryFailure(error, ctx.requestId);
  }
}
