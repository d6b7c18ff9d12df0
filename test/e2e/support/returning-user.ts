import type { Page } from '@playwright/test'

/**
 * A returning user: briefings switched off and the tour done, so no first-launch dialog
 * covers the desk. The e2e fixture and the desk bench both start this way; the first-launch
 * drill (briefing.spec.ts) clears these to see what a new user sees.
 */
export async function asReturningUser(page: Page): Promise<void> {
  await page.addInitScript(() => {
    localStorage.setItem('perpdojo.briefings.off', '1')
    localStorage.setItem('perpdojo.tour.done', '1')
  })
}
