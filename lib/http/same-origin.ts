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

/** What a browser fetches for a page's own scripts (`empty`) and for a tab or window it opens (`document`). */
const requestedDestinations = new Set(["document", "empty"]);

/**
 * True when the browser fetched this as part of another page — an image, a script, a style sheet, a frame —
 * not because the person asked for it: an `<img>` pointing at the portal's own address (in a page of this
 * site or of another) would make an audited read in their name. Clients that are not browsers send no
 * `Sec-Fetch-Dest`.
 */
export function isEmbedded(headers: Headers): boolean {
  const destination = headers.get("sec-fetch-dest");
  return destination !== null && !requestedDestinations.has(destination);
}

/** True when a browser opened this page from a link or a form on another site (`Sec-Fetch-Site`). */
export function isFromAnotherSite(headers: Headers): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  return fetchSite === "cross-site" || fetchSite === "same-site";
}

/**
 * Why a request the person did not make themselves is refused: a write another site caused, something fetched
 * as part of a page (an image, a frame), or a read another site caused; null when none of these.
 */
export function crossSiteCause(method: string, headers: Headers): "cross_site_write" | "embedded_request" | "cross_site_read" | null {
  if (isCrossSiteWrite(method, headers)) return "cross_site_write";
  if (isEmbedded(headers)) return "embedded_request";
  return safeMethods.has(method.toUpperCase()) && isFromAnotherSite(headers) ? "cross_site_read" : null;
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
