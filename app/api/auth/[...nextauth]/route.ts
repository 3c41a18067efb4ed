import { handlers } from "@/lib/auth/auth";
import { apiMethods } from "@/lib/http/api-route";
import { contextFromHeaders } from "@/lib/auth/request-context";
import { problem, problemFromError, throttled } from "@/lib/http/problem";
import { signInSchema } from "@/lib/schemas/sign-in";
import { checkSignInThrottle } from "@/lib/services/check-sign-in-throttle";

export const dynamic = "force-dynamic";

/**
 * Auth.js's own sign-out endpoint (GET shows a form, POST clears the cookie) would leave the server-side
 * session open: signing out is signOutAction's alone, which ends the session and records it. The path
 * is read as Auth.js reads it (the action is the first segment after /api/auth, empty ones skipped).
 */
function isSignOut(request: Request): boolean {
  return actionOf(request)[0] === "signout";
}

/**
 * Auth.js's session endpoint reads only the cookie: it would answer a session the server has ended (signed out,
 * revoked, expired) with its claims, and send the cookie back renewed. Nothing here uses it; who is signed in
 * is the server-side session's to say (`GET /api/v1/me`).
 */
function isSessionRead(request: Request): boolean {
  return actionOf(request)[0] === "session";
}

/** The action and its argument (a provider), as Auth.js reads them: the segments after /api/auth, empty ones skipped. */
function actionOf(request: Request): string[] {
  return new URL(request.url).pathname.replace(/^\/api\/auth(?=\/|$)/, "").split("/").filter(Boolean);
}

/**
 * A sign-in or callback naming a provider there is not: Auth.js throws an untyped error for it (a stack
 * trace in the log per stray request) and redirects to its error page. The one provider is credentials.
 */
function isUnknownProvider(request: Request): boolean {
  const [action, provider] = actionOf(request);
  return (action === "signin" || action === "callback") && provider !== undefined && provider !== "credentials";
}

async function notServed(request: Request): Promise<Response> {
  const ctx = await contextFromHeaders(request.headers, null);
  return problem(404, "No such API resource.", ctx.requestId);
}

/**
 * Auth.js answers a request it cannot serve (an unknown action, say) with a bare JSON string; the API's
 * refusals are problem+json, with the request's reference. Its redirects and pages pass unchanged (its
 * error page is ours: `pages.error`).
 */
async function asProblem(request: Request, response: Response): Promise<Response> {
  if (response.status < 400 || response.headers.get("content-type")?.startsWith("application/problem+json")) return response;
  const ctx = await contextFromHeaders(request.headers, null);
  return problem(response.status, response.status < 500 ? "This sign-in endpoint does not serve such a request." : "Sign-in is temporarily unavailable.", ctx.requestId);
}

async function get(request: Request): Promise<Response> {
  if (isSignOut(request) || isSessionRead(request) || isUnknownProvider(request)) return notServed(request);
  return asProblem(request, await handlers.GET(request as Parameters<typeof handlers.GET>[0]));
}

/**
 * Auth.js's endpoints. A credentials sign-in from an account or client address that is backing off
 * or locked out answers 429 with Retry-After before Auth.js sees it (and is audited); the form's
 * server action gets the same refusal from the sign-in service itself.
 */
async function post(request: Request): Promise<Response> {
  if (isSignOut(request) || isSessionRead(request) || isUnknownProvider(request)) return notServed(request);
  const { pathname } = new URL(request.url);
  if (pathname.endsWith("/callback/credentials")) {
    const form = await request.clone().formData().catch(() => null);
    // Only an address that could be an account's is looked up (a NUL byte, say, is no email and no text the
    // database takes); anything else goes on to Auth.js, whose sign-in refuses it like a wrong password.
    const email = signInSchema.shape.email.safeParse(form?.get("email"));
    if (email.success) {
      const ctx = await contextFromHeaders(request.headers, null);
      try {
        const wait = await checkSignInThrottle({ ctx, input: { email: email.data } });
        if (wait > 0) return throttled(wait, ctx.requestId);
      } catch (error) {
        return problemFromError(error, ctx.requestId);
      }
    }
  }
  return asProblem(request, await handlers.POST(request as Parameters<typeof handlers.POST>[0]));
}

// Any other method is 405 problem+json naming these (Next.js would answer a bare 405).
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({ GET: get, POST: post });
