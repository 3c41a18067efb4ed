import type { ServiceCall } from "./context";
import { throttleGate } from "./internal/sign-in";

/**
 * Seconds a sign-in for this email from this client address must wait (0: it may go ahead). A
 * refusal is audited as auth.sign_in_throttled. Nothing is counted here: the attempt itself is.
 */
export async function checkSignInThrottle({ ctx, input }: ServiceCall<{ email: string }>): Promise<number> {
  return (await throttleGate(ctx, input.email)).retryAfterSeconds;
}
