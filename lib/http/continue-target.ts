/** The longest address the confirmation page (/continue) leads to. */
export const CONTINUE_TARGET_MAX = 2000;

/** Where the confirmation page (/continue) leads: a path of this site, never another's; null when `to` is not one. */
export function continueTarget(to: unknown): string | null {
  if (typeof to !== "string" || to.length === 0 || to.length > CONTINUE_TARGET_MAX) return null;
  // "/x" only: not "//host" or "/\host" (both leave the site in a browser), nor anything with a scheme.
  if (!to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return null;
  const base = "http://portal.invalid";
  let url: URL;
  try {
    url = new URL(to, base);
  } catch {
    return null;
  }
  if (url.origin !== base || url.pathname === "/continue") return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The confirmation page's address for a page of this site. */
export const continueAddress = (path: string) => `/continue?to=${encodeURIComponent(path)}`;
