import { throttleConfig, type ThrottleConfig } from "@/lib/security/throttle-policy";
import type { ServiceCall } from "./context";
import { throttleGate } from "./internal/sign-in";

/**
 * Seconds a sign-in for this email from this client address must wait (0: it may go ahead). A
 * refusal is audited as auth.sign_in_throttled.
 */
export async function checkSignInThrottle({ ctx, input }: ServiceCall<{ email: string }>, config: ThrottleConfig = throttleConfig()): Promise<number> {
  return (await throttleGate(ctx, config, input.email)).retryAfterSeconds;
}
