import { handlers } from "@/lib/auth/auth";
import { contextFromHeaders } from "@/lib/auth/request-context";
import { throttled } from "@/lib/http/problem";
import { checkSignInThrottle } from "@/lib/services/check-sign-in-throttle";

export const dynamic = "force-dynamic";

export const { GET } = handlers;

/**
 * Auth.js's endpoints. A credentials sign-in from an account or client address that is backing off
 * or locked out answers 429 with Retry-After before Auth.js sees it (and is audited); the form's
 * server action gets the same refusal from the sign-in service itself.
 */
export async function POST(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  if (pathname.endsWith("/callback/credentials")) {
    const form = await request.clone().formData().catch(() => null);
    const email = form?.get("email");
    if (typeof email === "string" && email.trim()) {
      const ctx = await contextFromHeaders(request.headers, null);
      const wait = await checkSignInThrottle({ ctx, input: { email: email.trim().slice(0, 320) } });
      if (wait > 0) return throttled(wait, ctx.requestId);
    }
  }
  return handlers.POST(request as Parameters<typeof handlers.POST>[0]);
}
