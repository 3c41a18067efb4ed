"use server";

import { currentContext } from "@/lib/auth/current-actor";
import { actionRefusal, type ActionResult } from "@/lib/http/action-result";
import type { VerificationResult } from "@/lib/audit/verify";
import { sealAuditCheckpoint } from "@/lib/services/seal-audit-checkpoint";
import { verifyAuditLog } from "@/lib/services/verify-audit-log";

/** Verifies the log; `call.checkpoints`: checkpoints the auditor kept outside the server, to hold it against. */
export async function verifyAction(call: unknown): Promise<ActionResult<VerificationResult>> {
  const ctx = await currentContext();
  try {
    return { ok: true, data: await verifyAuditLog({ ctx, input: call }) };
  } catch (error) {
    return actionRefusal(error, ctx, "oversight/verify#verifyAction");
  }
}

export async function sealAction(): Promise<ActionResult<{ seq: number; json: string }>> {
  const ctx = await currentContext();
  try {
    const { checkpoint } = await sealAuditCheckpoint({ ctx, input: undefined });
    return { ok: true, data: { seq: checkpoint.seq, json: JSON.stringify(checkpoint, null, 2) } };
  } catch (error) {
    return actionRefusal(error, ctx, "oversight/verify#sealAction");
  }
}
