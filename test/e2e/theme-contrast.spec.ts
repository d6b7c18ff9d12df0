/**
 * Issue 14 item 8: on the real desk, in both themes, the texts the issue measured (Close All
 * Positions, the funding rate, the chart's drag hint) and the ticket/tab labels are at least
 * 4.5:1 against the background they are painted on (computed styles, WCAG 2.1 formula).
 */
import { market, openDesk, record } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })

const TARGETS = [
  '[data-testid=close-all]',
  '[data-testid=funding-rate]',
  '.legend .hint',
  '[data-testid=ticket-tab-MARKET]',
  '[data-testid=tab-positions]',
  '[data-testid=pos-close-market]',
]

test('key texts meet WCAG AA in the dark and the light theme', async ({ page, host }) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  expect((await market(page, tape, 'buy', '0.01')).accepted).toBe(true)
  for (const theme of ['dark', 'light']) {
    if ((await page.locator('html').getAttribute('data-theme')) !== theme)
      await page.getByTestId('theme-toggle').click()
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    const ratios = await page.evaluate((sels) => {
      const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number)
      const lum = ([r, g, b]: number[]) => {
        const f = (c: number) => {
          const x = c / 255
          return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4
        }
        return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!)
      }
      const bgOf = (el: Element | null): number[] => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor)
          if (c.length === 3 || (c.length === 4 && c[3]! > 0.9)) return c.slice(0, 3)
        }
        return [255, 255, 255]
      }
      return sels.map((sel) => {
        const el = document.querySelector(sel)
        if (!el) return { sel, ratio: -1 }
        const a = lum(rgb(getComputedStyle(el).color))
        const b = lum(bgOf(el))
        return { sel, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) }
      })
    }, TARGETS)
    for (const r of ratios) expect(r.ratio, `${theme}: ${r.sel}`).toBeGreaterThanOrEqual(4.5)
  }
  await shoot(page, 'theme-contrast')
})
