/**
 * Issue 14 item 2: two (or four) charts at once. The cross-asset hedge on two panes: BTC
 * left, ETH right, a BTC long opened from the left pane and an ETH short from the right one
 * (the ticket follows the focused pane); each pane draws its own position's lines and fills;
 * the crosshair and the time range move together across panes; 2×2 shows four painted
 * charts; ] cycles the focus. Screenshots at 1280×800 and 1920×1080, dark and light.
 */
import type { Page } from '@playwright/test'
import { onChart } from './support/chart'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })

interface Handle {
  labels(): { text: string }[]
  markers(): { text: string }[]
  stats(): { bars: number; painted: number; lastTime: number | null }
  visibleTimes(): { from: number; to: number } | null
  syncedCrosshair(): number | null
}
const labels = (page: Page, i: number) =>
  onChart(page, (h: Handle) => h.labels().map((l) => l.text), i)
const markers = (page: Page, i: number) =>
  onChart(page, (h: Handle) => h.markers().map((m) => m.text), i)

async function marketOrder(page: Page, side: 'buy' | 'sell', qty: string) {
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill(qty)
  await page.getByTestId(`ticket-${side}`).click()
}

/** Press in a pane's chart where no trading line is (its top-left corner): focuses the pane. */
async function focusPane(page: Page, i: number) {
  await page
    .getByTestId('chart')
    .nth(i)
    .click({ position: { x: 30, y: 12 } })
  await expect(page.getByTestId(`pane-${i}`)).toHaveClass(/focused/)
}

test('two panes: BTC long left, ETH short right, each with its lines; crosshair and time synced; 2×2', async ({
  page,
  host,
}) => {
  test.setTimeout(180_000)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 20_000 })
  await expect(page.getByTestId('chart')).toHaveCount(1)

  await page.getByTestId('layout-2').click()
  await expect(page.getByTestId('chart')).toHaveCount(2)
  await expect(page.getByTestId('pane-0')).toHaveAttribute('data-symbol', 'BTCUSDT')
  await expect(page.getByTestId('pane-1')).toHaveAttribute('data-symbol', 'ETHUSDT')
  // Both panes hold their history (the scenario's first day at least).
  for (const i of [0, 1])
    await expect.poll(() => onChart(page, (h: Handle) => h.stats().bars, i)).toBeGreaterThan(1000)

  // The ticket follows the focused pane: BTC long from the left, ETH short from the right.
  await focusPane(page, 0)
  await expect(page.getByTestId('symbol-BTCUSDT')).toHaveClass(/active/)
  await marketOrder(page, 'buy', '0.2')
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toBeVisible()
  await focusPane(page, 1)
  await expect(page.getByTestId('symbol-ETHUSDT')).toHaveClass(/active/)
  await expect(page.getByTestId('pane-0')).not.toHaveClass(/focused/)
  await marketOrder(page, 'sell', '3')
  await expect(page.getByTestId('position-ETHUSDT-BOTH')).toBeVisible()

  // Each pane draws its own symbol's position (entry, LIQ, BE) and fill, and not the other's.
  await expect.poll(() => labels(page, 0)).toContainEqual(expect.stringMatching(/^LONG 0\.2/))
  await expect.poll(() => labels(page, 1)).toContainEqual(expect.stringMatching(/^SHORT 3/))
  expect(await labels(page, 0)).not.toContainEqual(expect.stringMatching(/^SHORT/))
  expect(await labels(page, 1)).not.toContainEqual(expect.stringMatching(/^LONG/))
  expect(await labels(page, 1)).toContainEqual(expect.stringMatching(/^LIQ/))
  // Side by side at 1440 px a pane is under 600 px wide: a fill marker says side and quantity
  // (with its price it ran under the position's label); a wider pane adds the price.
  expect((await page.getByTestId('chart').nth(0).boundingBox())!.width).toBeLessThan(600)
  await expect.poll(() => markers(page, 0)).toContainEqual('B 0.2')
  await expect.poll(() => markers(page, 1)).toContainEqual(expect.stringMatching(/^S 3(\.0+)?$/))
  expect(await markers(page, 0)).not.toContainEqual(expect.stringMatching(/^S /))
  await page.setViewportSize({ width: 1920, height: 1080 })
  await expect.poll(() => markers(page, 0)).toContainEqual(expect.stringMatching(/^B 0\.2@/))
  await expect.poll(() => markers(page, 1)).toContainEqual(expect.stringMatching(/^S 3(\.0+)?@/))
  await page.setViewportSize({ width: 1440, height: 900 })
  await expect.poll(() => markers(page, 0)).toContainEqual('B 0.2')

  // Both panes advance on the one replay clock.
  const last0 = await onChart(page, (h: Handle) => h.stats().lastTime, 0)
  await page.getByTestId('replay-step10').click()
  await expect
    .poll(() => onChart(page, (h: Handle) => h.stats().lastTime, 0))
    .toBeGreaterThan(last0!)
  await expect
    .poll(() => onChart(page, (h: Handle) => h.stats().lastTime, 1))
    .toBe(await onChart(page, (h: Handle) => h.stats().lastTime, 0))

  // The crosshair over the left pane puts the right pane's crosshair on the same minute.
  const left = (await page.getByTestId('chart').nth(0).boundingBox())!
  await page.mouse.move(left.x + left.width * 0.5, left.y + left.height * 0.4)
  await page.mouse.move(left.x + left.width * 0.55, left.y + left.height * 0.45)
  await expect.poll(() => onChart(page, (h: Handle) => h.syncedCrosshair(), 1)).not.toBeNull()
  const synced = (await onChart(page, (h: Handle) => h.syncedCrosshair(), 1))!
  await page.screenshot({ path: 'test-results/chart-panes-crosshair.png' })

  // Zooming the left pane with the wheel brings the right pane to the same time range.
  // Wait for the zoom to land on the left pane and reach the right one (no fixed sleep).
  const ranges = async () => [
    (await onChart(page, (h: Handle) => h.visibleTimes(), 0))!,
    (await onChart(page, (h: Handle) => h.visibleTimes(), 1))!,
  ]
  const [z0] = await ranges()
  await page.mouse.wheel(0, -400)
  await expect
    .poll(async () => {
      const [a, b] = await ranges()
      const zoomed = a!.to - a!.from < z0!.to - z0!.from
      return zoomed && Math.abs(a!.from - b!.from) <= 60 && Math.abs(a!.to - b!.to) <= 60
    })
    .toBe(true)
  const [r0, r1] = await ranges()
  expect(Math.abs(r0.from - r1.from)).toBeLessThanOrEqual(60)
  expect(Math.abs(r0.to - r1.to)).toBeLessThanOrEqual(60)
  expect(synced / 1000).toBeGreaterThanOrEqual(r0.from - 3600)
  console.log(
    `chart panes: crosshair synced to ${new Date(synced).toISOString()}; visible ${new Date(r0.from * 1000).toISOString()}…${new Date(r0.to * 1000).toISOString()} left, ${new Date(r1.from * 1000).toISOString()}…${new Date(r1.to * 1000).toISOString()} right`,
  )
  await page.mouse.move(5, 5)
  await shoot(page, 'chart-panes-2-hedge')

  // 2×2: four painted charts; ] moves the focus to the next pane (and the ticket with it).
  await page.getByTestId('layout-4').click()
  await expect(page.getByTestId('chart')).toHaveCount(4)
  for (const i of [0, 1, 2, 3])
    await expect.poll(() => onChart(page, (h: Handle) => h.stats().bars, i)).toBeGreaterThan(50)
  const shown = await Promise.all(
    [0, 1, 2, 3].map((i) => page.getByTestId(`pane-${i}`).getAttribute('data-symbol')),
  )
  expect(new Set(shown).size).toBe(4)
  // FTX's alts were recorded at 15m: their panes say so (nothing finer exists).
  await expect(page.getByTestId('pane-tf-2')).toHaveValue('15m')
  await focusPane(page, 1)
  await page.keyboard.press(']')
  await expect(page.getByTestId('pane-2')).toHaveClass(/focused/)
  await expect(page.getByTestId(`symbol-${shown[2]}`)).toHaveClass(/active/)
  await page.mouse.move(5, 5)
  await shoot(page, 'chart-panes-4')

  // The layout is remembered: a reload opens on 2×2 again.
  await page.reload()
  await expect(page.getByTestId('chart')).toHaveCount(4, { timeout: 20_000 })
})
