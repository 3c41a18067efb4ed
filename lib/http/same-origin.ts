// Cross-site request forgery guard for API calls that ride on the browser's session cookie. Bearer-token
// calls carry their credential themselves and need none. A browser names the page that caused a request
// in `Origin` (always on a cross-origin POST, PUT, PATCH or DELETE) and in `Sec-Fetch-Site`; a request
// from another site is refused before the session is read. Reads too: an API read with a session is an
// audited access (an official's disclosure read in the company's access log, a company's read receipt),
// and a link or image on another site must not make one in the signed-in person's name. Callers that are
// not browsers send neither header and are not affected: the cookie is theirs to send; nor is an address
// typed or bookmarked (`Sec-Fetch-Site: none`).

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The host the client addressed: the proxy's `X-Forwarded-Host` when present, else `Host`. */
function addressedHost(headers: Headers): string | null {
  return headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
}

/** Why a request another site caused is refused: a write, or a read; null when no other site caused it. */
export function crossSiteCause(method: string, headers: Headers): "cross_site_write" | "cross_site_read" | null {
  if (isCrossSiteWrite(method, headers)) return "cross_site_write";
  const fetchSite = headers.get("sec-fetch-site");
  return safeMethods.has(method.toUpperCase()) && (fetchSite === "cross-site" || fetchSite === "same-site") ? "cross_site_read" : null;
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
