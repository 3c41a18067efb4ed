import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

/** A notice that took the focus (its frame holds it), so that it is read out where the reader is. */
export async function expectFocusedNotice(notice: Locator) {
  await expect(notice).toBeVisible();
  await expect(notice.locator("..")).toBeFocused();
}

/** What a move did, said on the page it leads to: a status notice that takes the focus. */
export async function expectOutcome(page: Page, text: string) {
  await expectFocusedNotice(page.getByRole("status").filter({ hasText: text }));
}
