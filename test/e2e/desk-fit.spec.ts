/**
 * Issues 14 item 2/11 and 15 item 3 at 1280×800, the smallest size the desk is judged at:
 * - the header's symbol switcher reaches every symbol of a six-symbol scenario (FTX): the tabs
 *   that do not fit scroll, and a "▾ 6" menu lists them all; the chosen tab scrolls into view;
 * - every chart pane's toolbar keeps all its tools (layout, symbol, timeframe, indicators,
 *   drawing tools, delete) inside the pane, on one row, in the two- and four-chart layouts
 *   (a narrower window wraps a tool to a second row rather than hide it).
 */
import type { Locator, Page } from '@playwright/test'
import { openDesk } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })
const FTX = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'DOGEUSDT', 'XRPUSDT', 'BNBUSDT']

/** `inner`'s box lies horizontally inside `outer`'s. */
async function inside(inner: Locator, outer: Locator, what: string) {
  const [i, o] = [(await inner.boundingBox())!, (await outer.boundingBox())!]
  expect(i, `${what} has a box`).toBeTruthy()
  expect(i.x, `${what}: left edge`).toBeGreaterThanOrEqual(o.x - 0.5)
  expect(i.x + i.width, `${what}: right edge`).toBeLessThanOrEqual(o.x + o.width + 0.5)
}

async function pick(page: Page, symbol: string) {
  await page.getByTestId('symbol-menu').click()
  await expect(page.getByTestId('symbol-menu-list')).toBeVisible()
  await inside(page.getByTestId('symbol-menu-list'), page.locator('body'), 'the symbol menu')
  await page.getByTestId(`symbol-menu-${symbol}`).click()
  await expect(page.getByTestId('symbol-menu-list')).toHaveCount(0)
}

test('header: every symbol of a six-symbol scenario is reachable at 1280×800', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  const nav = page.getByRole('navigation', { name: 'Symbol' })
  await expect(page.getByTestId('symbol-menu')).toHaveText(/6/)
  for (const s of [...FTX.slice(2), 'BTCUSDT']) {
    await pick(page, s)
    await expect(page.getByTestId(`symbol-${s}`)).toHaveClass(/active/)
    await expect(page.getByTestId('order-ticket')).toContainText(s.replace('USDT', ''))
    // The chosen tab is scrolled into the switcher's view.
    await expect(async () => inside(page.getByTestId(`symbol-${s}`), nav, s)).toPass()
  }
  // Every entry names its symbol, last price and (for a coarse one) its true resolution.
  await page.getByTestId('symbol-menu').click()
  await expect(page.getByTestId('symbol-menu-SOLUSDT')).toContainText(/SOLUSDT\s*[\d.]+\s*15m/)
  await expect(page.getByTestId('symbol-menu-BTCUSDT')).not.toContainText('1m')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('symbol-menu-list')).toHaveCount(0)
  await page.getByTestId('symbol-menu').click()
  await shoot(page, 'fit-symbol-menu', async () => {
    if (!(await page.getByTestId('symbol-menu-list').count()))
      await page.getByTestId('symbol-menu').click()
  })
})

test('chart panes: every toolbar tool inside its pane with two and four charts at 1280×800', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  for (const layout of [2, 4] as const) {
    await page.getByTestId(`layout-${layout}`).click()
    await expect(page.getByTestId('chart')).toHaveCount(layout)
    for (let i = 0; i < layout; i++) {
      const pane = page.getByTestId(`pane-${i}`)
      const tools = pane.locator('.toolbar').locator('button, select')
      expect(await tools.count()).toBeGreaterThan(10)
      for (const tool of await tools.all()) {
        await expect(tool).toBeVisible()
        const name =
          (await tool.getAttribute('data-testid')) ?? (await tool.getAttribute('aria-label'))
        await inside(tool, pane, `pane ${i} of ${layout}: ${name}`)
      }
      // One row at 1280 px, so the panes side by side start their charts at the same height.
      expect((await pane.locator('.toolbar').boundingBox())!.height).toBeLessThan(32)
      // The chart keeps most of the pane's height.
      const [c, p] = [(await pane.getByTestId('chart').boundingBox())!, (await pane.boundingBox())!]
      expect(c.height / p.height).toBeGreaterThan(0.75)
    }
    await shoot(page, `fit-pane-tools-${layout}`)
  }
  await page.getByTestId('layout-1').click()
})
