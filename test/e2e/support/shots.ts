/**
 * Issue 14's screenshots: every drill shoots its state at 1280×800 and 1920×1080, in the
 * dark and the light theme, into test-results/ (looked at by a person, not diffed), and
 * leaves the page dark at the size it found.
 */
import type { Page } from '@playwright/test'
import { expect } from './fixtures'

const SIZES = [
  [1280, 800],
  [1920, 1080],
] as const

/**
 * `reopen`, if given, runs after each resize (popovers anchored to a button's old place);
 * `sizes` replaces the default pair (item 11's dialogs are checked at 1280×800 and 1440×900).
 */
export async function shoot(
  page: Page,
  name: string,
  reopen?: () => Promise<void>,
  sizes: readonly (readonly [number, number])[] = SIZES,
): Promise<void> {
  const before = page.viewportSize()
  const html = page.locator('html')
  for (const theme of ['dark', 'light'] as const) {
    if ((await html.getAttribute('data-theme')) !== theme) {
      // Dispatched on the button itself: a dialog's backdrop may cover the header.
      await page.getByTestId('theme-toggle').dispatchEvent('click')
      await expect(html).toHaveAttribute('data-theme', theme)
    }
    for (const [width, height] of sizes) {
      await page.setViewportSize({ width, height })
      await page.waitForTimeout(250)
      if (reopen) await reopen()
      await page.screenshot({ path: `test-results/${name}-${theme}-${width}.png` })
    }
  }
  await page.getByTestId('theme-toggle').dispatchEvent('click')
  await expect(html).toHaveAttribute('data-theme', 'dark')
  if (before) await page.setViewportSize(before)
}
