import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import type { RequestContext } from "@/lib/services/context";
import { actionFailure, type CommandState } from "./action-result";

/**
 * The body of a one-button form action (CommandForm): runs the command as the signed-in caller and
 * answers with its result, a refusal as the form's message. Only a success re-renders the pages that show
 * what it changed: a refusal leaves the page as it was, so that its message stays beside the button that
 * drew it (re-rendering a page gone stale could take the button, and the message, away).
 */
export async function runCommand(work: (ctx: RequestContext) => Promise<unknown>, paths: readonly string[]): Promise<CommandState> {
  const ctx = await currentContext();
  try {
    await work(ctx);
  } catch (error) {
    return actionFailure(error, ctx.requestId);
  }
  for (const path of paths) revalidatePath(path);
  return { ok: true, data: null };
}
