import { revalidatePath } from "next/cache";
import { currentContext } from "@/lib/auth/current-actor";
import type { RequestContext } from "@/lib/services/context";
import { actionRefusal, type ActionResult, type CommandState } from "./action-result";

/**
 * The body of a server action: runs the work as the signed-in caller and answers with its result, a
 * refusal as the form's message. Only a success re-renders the pages that show what it changed: a refusal
 * leaves the page as it was, so that its message stays beside the control that drew it (re-rendering a
 * page gone stale could take the control, and the message, away).
 */
export async function runAction<T>(operation: string, work: (ctx: RequestContext) => Promise<T>, paths: readonly string[]): Promise<ActionResult<T>> {
  const ctx = await currentContext();
  try {
    const data = await work(ctx);
    for (const path of paths) revalidatePath(path);
    return { ok: true, data };
  } catch (error) {
    return actionRefusal(error, ctx, operation);
  }
}

/** A one-button command (CommandForm): what the service returns stays on the server. */
export function runCommand(operation: string, work: (ctx: RequestContext) => Promise<unknown>, paths: readonly string[]): Promise<CommandState> {
  return runAction(operation, async (ctx) => {
    await work(ctx);
    return null;
  }, paths);
}
