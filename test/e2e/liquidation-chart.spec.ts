/**
 * Issue 14 items 1 and 3 after a pause on liquidation at max speed: the replay stops on a
 * frame that carried hundreds of bars and the liquidation at once. The chart must hold the
 * whole history again (scroll back over everything revealed), and the "LIQ @…" marker must
 * be drawn on the bar it happened in, at once (it was missing until the chart was resized:
 * set before its bar was painted).
 */
import { onChart } from './support/chart'
import { openDesk, record, setIsolated, setLeverage } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

interface Handle {
  stats(): { bars: number; shown: number; lastTime: number | null }
  markers(): { time: number; text: string }[]
  priceToY(p: number): number | null
  timeToX(t: number): number | null
}
const DOWN: [number, number, number] = [0xf6, 0x46, 0x5d]

test('pause on liquidation at max speed: whole history back, LIQ marker drawn on its bar', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000)
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  await setIsolated(page)
  await setLeverage(page, 50)
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.5')
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('positions-table')).toContainText('BTCUSDT')
  await page.getByTestId('replay-speed').selectOption('max')
  await page.getByTestId('replay-play').click()
  await expect(page.getByTestId('liquidation-card')).toBeVisible({ timeout: 60_000 })
  await expect.poll(() => tape.frames.at(-1)?.status.playing).toBe(false)
  const liq = tape.events.find((e) => e.type === 'liquidation')!
  if (liq.type !== 'liquidation') throw new Error('no liquidation')
  await page.getByTestId('liq-card-ok').click()

  // The whole history is in the chart again, not the fast replay's window.
  const chart = <T>(fn: (h: Handle) => T) => onChart(page, fn)
  await expect.poll(() => chart((h) => h.stats().shown)).toBe(await chart((h) => h.stats().bars))
  // The marker sits on the last revealed bar: the one the liquidation's stamp (its close) ends.
  const last = (await chart((h) => h.stats().lastTime))!
  expect(liq.t).toBe(last + 60_000)
  expect(await chart((h) => h.markers())).toContainEqual({
    time: last / 1000,
    text: `LIQ @${liq.fillPrice}`,
  })
  // …and it is drawn: its red square and text around the fill price on that bar.
  const at = await page.getByTestId('chart').evaluate(
    (el, [t, p]) => {
      const h = (el as HTMLElement & { __desk: Handle }).__desk
      return { x: h.timeToX(t), y: h.priceToY(p) }
    },
    [last, Number(liq.fillPrice)] as const,
  )
  expect(at.x).not.toBeNull()
  expect(at.y).not.toBeNull()
  await expect
    .poll(async () => {
      const [red] = await page.getByTestId('chart').evaluate(
        (el, { x, y, c }) => {
          // the square at the fill price and the text below it, centred on the bar
          let n = 0
          for (const cv of el.querySelectorAll('canvas')) {
            const ctx = cv.getContext('2d')
            if (!ctx || !cv.width) continue
            const k = cv.width / cv.getBoundingClientRect().width
            const d = ctx.getImageData((x - 50) * k, (y - 8) * k, 100 * k, 34 * k).data
            for (let i = 0; i < d.length; i += 4)
              if (
                Math.abs(d[i]! - c[0]) < 40 &&
                Math.abs(d[i + 1]! - c[1]) < 40 &&
                Math.abs(d[i + 2]! - c[2]) < 40
              )
                n++
          }
          return [n]
        },
        { x: at.x!, y: at.y!, c: DOWN },
      )
      return red
    })
    .toBeGreaterThan(40)
  await shoot(page, 'liquidation-chart')
})
