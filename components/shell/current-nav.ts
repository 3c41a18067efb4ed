/**
 * Which of the navigation's links stands for the page at `pathname`, and how: the link to this very page is
 * the current page; on a page below one (an advisory under Advisories) the link of its section is current
 * as a location. The longest matching link wins, so that a dashboard at `/company` does not claim
 * `/company/profile`, which has a link of its own.
 */
export function currentNav(pathname: string, hrefs: readonly string[]): { href: string; kind: "page" | "location" } | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  let best: string | null = null;
  for (const href of hrefs) {
    if (path === href || (href !== "/" && path.startsWith(`${href}/`))) {
      if (!best || href.length > best.length) best = href;
    }
  }
  return best ? { href: best, kind: best === path ? "page" : "location" } : null;
}
