/** The desk opens, paints, plays, and fits 1280×800 and 1920×1080 without overflow. */
import { expect, test } from './support/fixtures'

for (const [w, h] of [
  [1280, 800],
  [1920, 1080],
] as const) {
  test(`the desk fits ${w}x${h} with no overflow and paints candles`, async ({ page, host }) => {
    await page.setViewportSize({ width: w, height: h })
    await page.goto(host.url.replace('/#', '/?fresh#'))
    await expect(page.getByTestId('desk')).toBeVisible()
    await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 15_000 })
    await expect(page.getByTestId('chart').locator('canvas').first()).toBeVisible()
    const overflow = await page.evaluate(() => ({
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
    }))
    expect(overflow).toEqual({ x: 0, y: 0 })
    await page.screenshot({ path: `test-results/desk-${w}x${h}.png` })
  })
}
