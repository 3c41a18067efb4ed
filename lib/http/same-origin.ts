// Cross-site request forgery guard for API calls that ride on the browser's session cookie. Bearer-token
// calls carry their credential themselves and need none. A browser names the page that caused a request
// in `Origin` (always on a cross-origin POST, PUT, PATCH or DELETE) and in `Sec-Fetch-Site`; a request
// from another site is refused before the session is read. Callers that are not browsers send neither
// header and are not affected: the cookie is theirs to send.

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The host the client addressed: the proxy's `X-Forwarded-Host` when present, else `Host`. */
function addressedHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
}

/** True when a state-changing request shows that a page of another origin caused it. */
export function isCrossSiteWrite(method: string, headers: Headers): boolean {
  if (safeMethods.has(method.toUpperCase())) return false;
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (!origin) return false;
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== addressedHost(headers);
  } catch {
    return true;
  }
}
