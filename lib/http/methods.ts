import { isProductionStart, securityHeaders } from "@/lib/security/headers";
import { problem } from "./problem";

/** What a page answers: GET and HEAD, and POST for server actions and the forms that post before their script runs. */
export const PAGE_METHODS = ["GET", "HEAD", "POST"] as const;

/**
 * What an API route may answer: the methods Next.js routes to a handler. Each route serves some of them and
 * answers the rest 405 with its own Allow header (`apiMethods`); Next.js answers any other method a bare 400.
 */
export const API_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"] as const;

const includes = (list: readonly string[], method: string) => list.includes(method);

/**
 * The answer to a method no resource at this path serves, or null when the request may go on. A page
 * answers a plain 405 naming the page methods. On the API the proxy cannot tell a route's methods without
 * loading it, and no API resource serves such a method at all: 501 problem+json (RFC 9110 §15.6.2), since
 * a 405 must name the resource's own methods (§15.5.6).
 */
export function refuseMethod(method: string, pathname: string): Response | null {
  const api = pathname.startsWith("/api/");
  if (includes(api ? API_METHODS : PAGE_METHODS, method)) return null;
  let response: Response;
  if (api) {
    response = problem(501, `No API resource answers ${method}.`, crypto.randomUUID());
  } else {
    response = new Response("Method not allowed\n", { status: 405, headers: { "content-type": "text/plain; charset=utf-8", allow: PAGE_METHODS.join(", ") } });
  }
  // The API's policy: the answer is never rendered.
  for (const [name, value] of Object.entries(securityHeaders({ production: isProductionStart() }))) response.headers.set(name, value);
  response.headers.set("cache-control", "no-store");
  return response;
}
