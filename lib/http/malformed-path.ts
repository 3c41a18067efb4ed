import en from "@/lib/i18n/messages/en.json" with { type: "json" };
import ja from "@/lib/i18n/messages/ja.json" with { type: "json" };
import { isProductionStart, securityHeaders } from "@/lib/security/headers";
import { problem } from "./problem";

/** Whether every percent-escape of the path decodes (to UTF-8): `%ZZ`, `%FF` or a cut `%E0%A4` do not. */
export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

/**
 * The answer to a path whose percent-escapes do not decode, or null when the path is well formed. Next.js
 * fails to decode such a path's route parameters and answered a bare 500 (no problem document, no security
 * headers); it is bad input: 400, problem+json on the API, a short bilingual text for a page.
 */
export function refuseMalformedPath(pathname: string): Response | null {
  if (isDecodablePath(pathname)) return null;
  const response = pathname.startsWith("/api/")
    ? problem(400, "The request's path holds a percent-escape that does not decode to UTF-8 text.", crypto.randomUUID())
    : new Response(`${ja.errors.malformedAddress}\n${en.errors.malformedAddress}\n`, { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
  for (const [name, value] of Object.entries(securityHeaders({ production: isProductionStart() }))) response.headers.set(name, value);
  response.headers.set("cache-control", "no-store");
  return response;
}
