import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

// WCAG 2.0, 2.1 and 2.2 at levels A and AA. 2.2 AA adds axe's `target-size` (SC 2.5.8: a target at least
// 24 by 24 CSS px, or spaced so that a 24 px circle around it touches no other; links in running text are exempt).
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Lays out what the page draws only on screen (`content-visibility: auto`, as the draft editor's item
 * fieldsets): off screen such a box has its estimated height, while axe, measuring a button inside it, gets
 * the button's true place, so the boxes below seem to cover it. Each is scrolled to once, as a reader would
 * reach it; `contain-intrinsic-size: auto` then keeps its true height.
 */
async function layOutDeferredContent(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const deferred = Array.from(document.querySelectorAll<HTMLElement>("body *")).filter((el) => getComputedStyle(el).contentVisibility === "auto");
    if (deferred.length === 0) return;
    const [x, y] = [window.scrollX, window.scrollY];
    for (const el of deferred) {
      el.scrollIntoView({ block: "start" });
      await frame();
    }
    window.scrollTo(x, y);
    await frame();
  });
}

/** Runs axe on the page as it is and expects no violation, listing each rule's offending elements if any. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  await layOutDeferredContent(page);
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  const summary = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
  expect(summary).toEqual([]);
}
