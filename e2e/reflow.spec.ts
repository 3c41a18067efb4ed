import type { Page } from "@playwright/test";
import { expect, noSession, test } from "./fixtures";
import { pages } from "./pages";
import { storageStateFor } from "./roles";

// WCAG 2.1 SC 1.4.10 Reflow, which axe does not check: at 320 CSS pixels wide (and at a tablet's widths)
// the page itself never scrolls sideways and nothing sticks out past the viewport's edge. Only content
// that needs two dimensions (a data table, a chart, code) may be wider, and then only inside a region of
// its own that scrolls sideways and takes the keyboard focus (so that it can be scrolled without a mouse).

const viewports = [
  { width: 320, height: 640 },
  { width: 768, height: 1024 },
  { width: 1024, height: 768 },
] as const;

/** What stands out past the viewport, or scrolls sideways where it may not, described for a failure message. */
interface Overflow {
  problem: string;
  element: string;
  text: string;
  left: number;
  right: number;
  viewport: number;
}

/**
 * Runs in the page. Looks at every rendered element and every text run: each must lie within the viewport's
 * width, unless a box that clips it (an ancestor that hides or scrolls its overflow, and of which it is not
 * positioned outside) keeps it in. A clipping box that scrolls is allowed when it is a region for
 * two-dimensional content (a table, code, a chart) that the keyboard can reach; one that hides the content
 * (`overflow: hidden`) must not cut off what it holds. Visually hidden text (for screen readers) is looked
 * at as the box of a pixel it is: absolutely positioned, it can still widen the page.
 */
function findOverflows(): { page: { html: number; body: number; viewport: number }; overflows: Overflow[]; more: number } {
  const tolerance = 1;
  const doc = document.documentElement;
  const viewport = doc.clientWidth;
  const overflows: Overflow[] = [];
  const reported = new Map<Element, { left: number; right: number }>();
  let more = 0;

  const styles = new Map<Element, CSSStyleDeclaration>();
  const style = (el: Element) => {
    let s = styles.get(el);
    if (!s) styles.set(el, (s = getComputedStyle(el)));
    return s;
  };
  const describe = (el: Element): string => {
    const id = el.id ? `#${el.id}` : "";
    const className = typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 6).join(".")}` : "";
    const role = el.getAttribute("role");
    const testId = el.getAttribute("data-testid");
    return `<${el.tagName.toLowerCase()}${id}${className}${role ? ` role=${role}` : ""}${testId ? ` data-testid=${testId}` : ""}>`;
  };
  const snippet = (el: Element) => (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 80);
  const report = (problem: string, el: Element, rect: { left: number; right: number }) => {
    if (reported.has(el)) return;
    reported.set(el, rect);
    // An element as wide as its parent, which is reported already, says nothing new: only the parent is listed.
    const parent = el.parentElement && reported.get(el.parentElement);
    if (parent && Math.abs(parent.left - rect.left) <= tolerance && Math.abs(parent.right - rect.right) <= tolerance) return;
    if (overflows.length >= 12) {
      more += 1;
      return;
    }
    overflows.push({ problem, element: describe(el), text: snippet(el), left: Math.round(rect.left), right: Math.round(rect.right), viewport });
  };

  const scrolls = (el: Element) => ["auto", "scroll"].includes(style(el).overflowX);
  // Tailwind's `sr-only` and the like: a box of a pixel that clips what it holds.
  const visuallyHidden = (el: Element) => {
    const s = style(el);
    if (s.clipPath === "inset(50%)" || s.clip === "rect(0px, 0px, 0px, 0px)") return true;
    if (s.overflowX === "visible") return false;
    const rect = el.getBoundingClientRect();
    return rect.width <= 1 && rect.height <= 1;
  };
  const focusable = (el: Element) => el instanceof HTMLElement && el.tabIndex >= 0;
  const twoDimensional = (el: Element) => el.matches("table, pre, svg, canvas, [role=img]") || el.querySelector("table, pre, code, svg, canvas, [role=img]") !== null;
  // Whether `el` is the containing block of absolutely positioned descendants.
  const positioned = (el: Element) => {
    const s = style(el);
    return s.position !== "static" || s.transform !== "none" || s.filter !== "none" || s.contain.includes("paint") || s.contain.includes("layout");
  };

  /**
   * The nearest box that clips `el` sideways (`el` itself first, with `self`), or null when only the
   * viewport does (or `el` is fixed to it). An ancestor clips an absolutely positioned box only from its
   * containing block up.
   */
  const clipAncestor = (el: Element, self: boolean): Element | null => {
    if (self && style(el).overflowX !== "visible") return el;
    let position = style(el).position;
    for (let a = el.parentElement; a && a !== document.body && a !== doc; a = a.parentElement) {
      if (position === "fixed") return null;
      if (position === "absolute" && !positioned(a)) continue;
      if (style(a).overflowX !== "visible") return a;
      position = style(a).position;
    }
    return null;
  };
  const hiddenAbove = (el: Element): boolean => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (visuallyHidden(a)) return true;
    return false;
  };

  /** Checks a box (an element's or a text run's) whose nearest clipping box is `clip`. */
  const check = (owner: Element, rect: { left: number; right: number }, clip: Element | null) => {
    if (!clip) {
      if (rect.right > viewport + tolerance || rect.left < -tolerance) report("sticks out past the viewport", owner, rect);
      return;
    }
    const box = clip.getBoundingClientRect();
    if (rect.right <= box.right + tolerance && rect.left >= box.left - tolerance) return;
    if (!scrolls(clip)) report("is cut off by a box that hides its overflow", owner, rect);
    else if (!focusable(clip) || !twoDimensional(clip))
      report("scrolls sideways in a box that is not a keyboard-focusable region of a table, chart or code", clip, clip.getBoundingClientRect());
  };

  for (const el of document.body.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    if (style(el).visibility === "hidden" || hiddenAbove(el)) continue;
    check(el, rect, clipAncestor(el, false));
  }

  // Text can run past its element's box (a long word, an ID, an email address) while the box itself fits.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.textContent?.trim() || parent.closest("script, style, noscript, template")) continue;
    if (style(parent).visibility === "hidden" || visuallyHidden(parent) || hiddenAbove(parent)) continue;
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width === 0) continue;
      check(parent, rect, clipAncestor(parent, true));
    }
  }

  return { page: { html: doc.scrollWidth, body: document.body.scrollWidth, viewport }, overflows, more };
}

/** Loads a page and waits until the client has rendered what it renders only after hydration (the charts). */
async function open(page: Page, path: string): Promise<void> {
  // From a blank page: an address with a fragment, opened again from itself, would not load again.
  await page.goto("about:blank");
  await page.goto(path);
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 3_000 }));
  });
}

// Read-only: these may run on both workers at once.
// Two page loads per test, on a host that may be busy: more than the default 30 s.
test.describe.configure({ mode: "parallel", timeout: 60_000 });

for (const { path, account, heading } of pages) {
  test.describe(`${path}${account ? ` as ${account}` : ""}`, () => {
    test.use({ storageState: account ? storageStateFor(account) : noSession });

    for (const viewport of viewports) {
      test.describe(`${viewport.width}×${viewport.height}`, () => {
        test.use({ viewport });

        test("reflows without scrolling sideways, in English and in Japanese", async ({ page, context, baseURL }) => {
          for (const locale of ["en", "ja"] as const) {
            await test.step(locale, async () => {
              await context.addCookies([{ name: "NEXT_LOCALE", value: locale, url: baseURL! }]);
              await open(page, path);
              await expect(page.locator("html")).toHaveAttribute("lang", locale);
              await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading[locale]);
              const found = await page.evaluate(findOverflows);
              expect(found.page.viewport, "the viewport's width, without a scroll bar").toBeLessThanOrEqual(viewport.width);
              const where = `${path} (${locale}, ${viewport.width}×${viewport.height})`;
              expect.soft(found.overflows, `elements of ${where} that stick out or scroll sideways${found.more ? ` (and ${found.more} more)` : ""}`).toEqual([]);
              expect.soft(found.page.html, `the page's width at ${where}`).toBeLessThanOrEqual(found.page.viewport);
              expect.soft(found.page.body, `the body's width at ${where}`).toBeLessThanOrEqual(found.page.viewport);
            });
          }
        });
      });
    }
  });
}
