"use client";

import { useEffect } from "react";
import { useTranslations } from "next-intl";

/** The click as far as leaving the page is concerned: which button, which keys were held. */
type Click = Pick<MouseEvent, "button" | "metaKey" | "ctrlKey" | "shiftKey" | "altKey" | "defaultPrevented">;
/** The link clicked, if any. */
type Link = { href: string; target: string; download: boolean };

/**
 * Whether a click on a link takes this window to another page of the portal. Not: a click with a key held or
 * another button (a new tab or window), a download, a link into another window, a link to a place on this
 * page (same path and query), or one to another site — the browser asks about that itself (beforeunload).
 */
export function leavesForPortalPage(click: Click, link: Link | null, here: string): boolean {
  if (!link || click.defaultPrevented || click.button !== 0 || click.metaKey || click.ctrlKey || click.shiftKey || click.altKey) return false;
  if (link.download || (link.target !== "" && link.target !== "_self")) return false;
  const to = new URL(link.href, here);
  const from = new URL(here);
  if (to.origin !== from.origin) return false;
  return to.pathname !== from.pathname || to.search !== from.search;
}

/**
 * While a form holds changes that are not saved, leaving the page asks first: a link of the portal (moved to
 * by the client's router, which tells no one) with the portal's own question, and a reload, a closed tab or
 * another site with the browser's. Kept: the changes, when the answer is to stay.
 */
export function useLeaveGuard(unsaved: boolean) {
  const question = useTranslations("shell")("leaveUnsaved");
  useEffect(() => {
    if (!unsaved) return;
    // A link to a plain page of the portal unloads this one too: once answered, the browser does not ask again.
    let answered = false;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (answered) return;
      event.preventDefault();
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      const anchor = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
      const link = anchor && { href: anchor.href, target: anchor.target, download: anchor.hasAttribute("download") };
      if (!leavesForPortalPage(event, link, window.location.href)) return;
      if (window.confirm(question)) {
        answered = true;
        return;
      }
      // Captured before the router's own handler sees it: the link goes nowhere.
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [unsaved, question]);
}
