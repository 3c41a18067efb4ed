"use server";

import { revalidatePath } from "next/cache";
import { advisoryFailure, type AdvisoryActionResult } from "@/lib/advisories/action-errors";
import { currentContext } from "@/lib/auth/current-actor";
import type { AdvisoryReach } from "@/lib/schemas/advisory";
import { approveAdvisory } from "@/lib/services/approve-advisory";
import { createAdvisory } from "@/lib/services/create-advisory";
import type { ServiceCall } from "@/lib/services/context";
import { ValidationError } from "@/lib/services/errors";
import { unchecked, type Unchecked } from "@/lib/services/input";
import { previewAdvisoryReach } from "@/lib/services/preview-advisory-reach";
import { requestAdvisoryApproval } from "@/lib/services/request-advisory-approval";
import { returnAdvisory } from "@/lib/services/return-advisory";
import { reviseAdvisory } from "@/lib/services/revise-advisory";
import { updateAdvisory } from "@/lib/services/update-advisory";
import { withdrawAdvisory } from "@/lib/services/withdraw-advisory";

// Thin transports: the services check what the forms sent, after they have authorized the caller.

const refresh = (id?: string) => {
  revalidatePath("/agency/advisories");
  if (id) revalidatePath(`/agency/advisories/${id}`);
};

/** The editor's call: which of the three saves it is, the advisory it names, and the form's values. */
type SaveCall = { mode?: unknown; id?: unknown; version?: unknown; values?: unknown };

/** Creates a draft, saves the working draft, or starts a revision: the mode names the service. */
export async function saveAdvisoryAction(call: unknown): Promise<AdvisoryActionResult<{ id: string }>> {
  const ctx = await currentContext();
  try {
    const { mode, id, version, values } = (call ?? {}) as SaveCall;
    let saved;
    if (mode === "create") saved = await createAdvisory({ ctx, input: unchecked(values) });
    else if (mode === "edit") saved = await updateAdvisory({ ctx, input: unchecked({ id, version, changes: values }) });
    else if (mode === "revise") saved = await reviseAdvisory({ ctx, input: unchecked({ id, revision: values }) });
    else throw new ValidationError([{ path: "mode", message: "advisories.validation.mode" }]);
    refresh(saved.id);
    return { ok: true, data: { id: saved.id } };
  } catch (error) {
    return advisoryFailure(error, ctx, "agency/advisories#saveAdvisoryAction");
  }
}

export async function previewReachAction(targets: unknown): Promise<AdvisoryActionResult<AdvisoryReach>> {
  const ctx = await currentContext();
  try {
    return { ok: true, data: await previewAdvisoryReach({ ctx, input: unchecked({ targets }) }) };
  } catch (error) {
    return advisoryFailure(error, ctx, "agency/advisories#previewReachAction");
  }
}

/** A move of one advisory (send for approval, approve, withdraw, return): its pages refreshed, or the refusal. */
async function moveAdvisory(move: (call: ServiceCall<Unchecked>) => Promise<{ id: string }>, call: unknown, action: string): Promise<AdvisoryActionResult<null>> {
  const ctx = await currentContext();
  try {
    refresh((await move({ ctx, input: unchecked(call) })).id);
    return { ok: true, data: null };
  } catch (error) {
    return advisoryFailure(error, ctx, `agency/advisories#${action}`);
  }
}

export async function requestApprovalAction(call: unknown): Promise<AdvisoryActionResult<null>> {
  return moveAdvisory(requestAdvisoryApproval, call, "requestApprovalAction");
}

export async function approveAction(call: unknown): Promise<AdvisoryActionResult<null>> {
  return moveAdvisory(approveAdvisory, call, "approveAction");
}

export async function withdrawAction(call: unknown): Promise<AdvisoryActionResult<null>> {
  return moveAdvisory(withdrawAdvisory, call, "withdrawAction");
}

export async function returnAction(call: unknown): Promise<AdvisoryActionResult<null>> {
  return moveAdvisory(returnAdvisory, call, "returnAction");
}
