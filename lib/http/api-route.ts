import { auth, sessionClaims } from "@/lib/auth/auth";
import { contextFromHeaders } from "@/lib/auth/request-context";
import type { RequestContext } from "@/lib/services/context";
import { ForbiddenError, UnauthenticatedError, withDenial, type ServiceError } from "@/lib/services/errors";
import { authenticateToken } from "@/lib/services/authenticate-token";
import { attemptedRequest } from "@/lib/audit/emit";
import { recordRefusal } from "@/lib/services/record-refusal";
import { resolveSession } from "@/lib/services/resolve-session";
import { problem, problemFromError } from "./problem";
import { crossSiteCause } from "./same-origin";

type Params = Record<string, string | string[] | undefined>;
type Handler<P extends Params> = (args: { ctx: RequestContext; request: Request; params: P }) => Promise<Response>;

/** `Bearer <b64token>` (RFC 6750 §2.1), the scheme in any case, spaces around. */
const BEARER = /^\s*bearer +([A-Za-z0-9\-._~+/]+=*)\s*$/i;

/**
 * One adapter for every API route: builds the context (a bearer token, else the browser session),
 * refuses a request another site caused with the session (403, `same-origin.ts`), refuses anonymous callers
 * with 401, runs the handler, and maps any error to problem+json. A failure no service recorded — these
 * refusals of its own, invalid input, an unexpected error — is recorded on the way out (record-refusal.ts).
 */
export function apiRoute<P extends Params = Params>(handler: Handler<P>, options: { anonymous?: boolean } = {}) {
  return async (request: Request, routeContext: { params: Promise<P> }): Promise<Response> => {
    let ctx: RequestContext | undefined;
    const fallbackId = crypto.randomUUID();
    try {
      ctx = await contextFromHeaders(request.headers, null);
      const authorization = request.headers.get("authorization");
      if (authorization) {
        const [scheme] = authorization.split(/\s+/, 1);
        if (scheme?.toLowerCase() !== "bearer") throw refused(request, new UnauthenticatedError("Use the Bearer scheme with an API token."), "not_bearer");
        // RFC 6750 §2.1: one b64token after the scheme. Anything after it is not ignored: a header that
        // holds more than the credential was not made by a client that knows what it sends.
        const token = BEARER.exec(authorization)?.[1];
        if (!token) throw refused(request, new UnauthenticatedError("Send one API token after Bearer, and nothing else."), "malformed_bearer");
        ctx = { ...ctx, actor: await authenticateToken({ ctx, input: { token } }) };
      } else {
        const crossSite = crossSiteCause(request.method, request.headers);
        if (crossSite) throw refused(request, new ForbiddenError(crossSiteRefusals[crossSite]), crossSite);
        const claims = sessionClaims(await auth());
        if (claims) ctx = { ...ctx, actor: await resolveSession({ ctx, input: claims }) };
      }
      if (!ctx.actor && !options.anonymous) throw refused(request, new UnauthenticatedError(), "unauthenticated");
      const response = await handler({ ctx, request, params: await routeContext.params });
      response.headers.set("x-request-id", ctx.requestId);
      return uncached(response);
    } catch (error) {
      if (ctx) await recordRefusal({ ctx, input: { operation: operationOf(request), error } });
      return uncached(problemFromError(error, ctx?.requestId ?? fallbackId));
    }
  };
}

const crossSiteRefusals = {
  cross_site_write: "A page of another site cannot make this request with your session.",
  cross_site_read: "A page of another site cannot make this request with your session.",
  embedded_request: "A page cannot fetch this as an image, a frame or a script with your session: open the address itself.",
} as const;

/** What a request asked for, as the audit log names it (the method and the path, cut). */
const operationOf = (request: Request) => attemptedRequest(request.method, new URL(request.url).pathname);

/** One of the adapter's own refusals, with the `access.denied` event it leaves. */
function refused<E extends ServiceError>(request: Request, error: E, reason: string): E {
  return withDenial(error, { action: "access.denied", outcome: "denied", details: { attempted: operationOf(request), reason } });
}

/** API answers hold confidential data or say who may see it: no cache keeps them, unless a route says otherwise. */
function uncached(response: Response): Response {
  if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
  return response;
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, init);
}

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof methods)[number];
type RouteHandler<P extends Params> = (request: Request, routeContext: { params: Promise<P> }) => Promise<Response>;

/**
 * Every method of a route: the ones it serves; OPTIONS, answered 204 with the route's Allow header; and
 * for the rest 405 problem+json with that header. Allow names what the route answers: its methods, HEAD
 * with GET (Next.js answers it from GET), and OPTIONS. Use as
 * `export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = apiMethods({ GET, PUT })`.
 */
export function apiMethods<P extends Params = Params>(served: Partial<Record<Method, RouteHandler<P>>>): Record<Method | "OPTIONS", RouteHandler<P>> {
  const allow = [...methods.filter((m) => served[m]).flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])), "OPTIONS"].join(", ");
  const refuse: RouteHandler<P> = async () => {
    const response = problem(405, `This resource answers ${allow} only.`, crypto.randomUUID());
    response.headers.set("allow", allow);
    return response;
  };
  // Next.js's own OPTIONS answer names every method a route file exports, which here is all of them.
  const options: RouteHandler<P> = async () => new Response(null, { status: 204, headers: { allow, "cache-control": "no-store" } });
  return { ...(Object.fromEntries(methods.map((m) => [m, served[m] ?? refuse])) as Record<Method, RouteHandler<P>>), OPTIONS: options };
}
