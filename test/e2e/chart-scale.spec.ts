/**
 * Issue 14 item 1: the price scale follows the candles, not the liquidation line. An
 * isolated 20x long puts LIQ ~5 % away; the candles must still fill the pane, the LIQ line
 * shows as a label pinned at the scale's edge with an arrow and its distance, line labels do
 * not overlap, and several fills on one bar make one legible marker.
 */
import type { Page } from '@playwright/test'
import { market, openDesk, record, setIsolated, setLeverage } from './support/coach'
import { onChart } from './support/chart'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })
// A trader who switched the coach off (its "stop required above 5x" would refuse the orders).
test.use({ coach: 'off' })

interface Label {
  text: string
  top: number
  bottom: number
  pinned: 'top' | 'bottom' | null
}
interface Handle {
  priceToY(p: number): number | null
  stats(): { bars: number }
  labels(): Label[]
  visibleRange(): { min: number; max: number } | null
  paneHeight(): number
  markers(): { time: number; text: string }[]
}

const chart = <T>(page: Page, fn: (h: Handle) => T) => onChart(page, fn)

test('isolated 20x long: candles keep the scale, LIQ pinned at the edge, labels apart', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  await setIsolated(page)
  await setLeverage(page, 20)
  // Three buys on one bar: one stacked marker, not three overlapping texts.
  for (let i = 0; i < 3; i++) await market(page, tape, 'buy', '0.01')
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toBeVisible()

  // The visible price range stays the candles' own (well under the 5 % LIQ distance).
  await expect
    .poll(() => chart(page, (h) => h.labels().find((l) => l.text.startsWith('LIQ'))?.pinned))
    .toBe('bottom')
  const range = await chart(page, (h) => h.visibleRange())
  expect(range).not.toBeNull()
  expect((range!.max - range!.min) / range!.max).toBeLessThan(0.04)

  const labels = await chart(page, (h) => h.labels())
  const liq = labels.find((l) => l.text.startsWith('LIQ'))!
  // Arrow and distance in %, e.g. "▼ LIQ 4.61%".
  expect(liq.text).toMatch(/^LIQ .*▼ \d+\.\d+%$/)
  // No two labels overlap, and every label is inside the pane.
  const h = await chart(page, (x) => x.paneHeight())
  const sorted = [...labels].sort((a, b) => a.top - b.top)
  for (let i = 0; i < sorted.length; i++) {
    expect(sorted[i]!.top).toBeGreaterThanOrEqual(0)
    expect(sorted[i]!.bottom).toBeLessThanOrEqual(h)
    if (i > 0) expect(sorted[i]!.top).toBeGreaterThanOrEqual(sorted[i - 1]!.bottom)
  }
  // The three buys of one bar are one marker saying so.
  const marks = await chart(page, (x) => x.markers())
  const buys = marks.filter((m) => m.text.startsWith('B'))
  expect(buys).toHaveLength(1)
  expect(buys[0]!.text).toMatch(/^B×3 0\.03/)

  await shoot(page, 'chart-scale')
})
