/**
 * Issue 14 item 3: every scenario opens with history before the replay point (the scenario
 * file says where; by default its first day), and the chart holds every revealed bar so the
 * trader can scroll back over all of it. Home rewinds to the replay point, not to bar 1.
 */
import type { Page } from '@playwright/test'
import { openDesk } from './support/coach'
import { onChart } from './support/chart'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })

interface Handle {
  stats(): { bars: number; lastTime: number | null }
  firstTime(): number | null
  scrollToFirst(): void
  visibleTimes(): { from: number; to: number } | null
}

const chart = <T>(page: Page, fn: (h: Handle) => T) => onChart(page, fn)

const cursor = async (page: Page) =>
  Number(/^(\d+)/.exec((await page.getByTestId('replay-cursor').innerText()).trim())?.[1])

test('FTX opens on its first day of history and scrolls back to the first bar', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  // FTX: 4 days of 1-minute bars; the replay starts after day one (1,440 bars revealed).
  await expect(page.getByTestId('replay-cursor')).toHaveText(/^1441 \/ 5760/)
  await expect.poll(() => chart(page, (h) => h.stats().bars)).toBe(1441)
  const first = await chart(page, (h) => h.firstTime())
  expect(first).toBe(Date.UTC(2022, 10, 7))
  await shoot(page, 'chart-history')
  // Scroll back over everything revealed: the first bar comes into view.
  await chart(page, (h) => h.scrollToFirst())
  await expect
    .poll(() => chart(page, (h) => h.visibleTimes()?.from ?? Infinity))
    .toBeLessThanOrEqual(first! / 1000)
  await page.screenshot({ path: 'test-results/chart-history-scrolled-dark-1280.png' })

  // 1h: the same day as 24 candles (+ the forming one).
  await page.getByTestId('tf-1h').click()
  await expect.poll(() => chart(page, (h) => h.stats().bars)).toBe(25)
  await page.getByTestId('tf-1m').click()

  // Step on, then Home: back to the replay point with the history still there.
  await page.getByTestId('replay-step10').click()
  await expect.poll(() => cursor(page)).toBe(1451)
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Home')
  await expect.poll(() => cursor(page)).toBe(1441)
  await expect.poll(() => chart(page, (h) => h.stats().bars)).toBe(1441)
})
