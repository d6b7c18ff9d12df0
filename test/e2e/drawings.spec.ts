/**
 * Issue 14 item 7: drawing tools on the replay chart. Draw each tool (horizontal line, trend
 * line, ray, rectangle, measure), reopen the session from the Sessions dialog: still there
 * (kept by the host per session and symbol); select one and delete it with the key; Esc
 * cancels a drawing in progress.
 */
import type { Page } from '@playwright/test'
import type { Drawing } from '../../shared/contract/coach'
import { openDesk, record, type Tape } from './support/coach'
import { onChart } from './support/chart'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })

interface Placed {
  id: string
  kind: string
  points: { x: number; y: number }[]
  label: string
  selected: boolean
}
interface Handle {
  drawings(): Placed[]
  paneHeight(): number
}
const placed = (page: Page) => onChart(page, (h: Handle) => h.drawings())
const saved = (tape: Tape) =>
  [...tape.answers].reverse().find((a) => a.method.startsWith('drawings:'))?.value as
    Drawing[] | undefined

test('drawing tools: each drawn, kept through a reopen, deleted with the key, Esc cancels', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  const sessionId = tape.sessionId!
  const box = (await page.getByTestId('chart').first().boundingBox())!
  const h = await onChart(page, (x: Handle) => x.paneHeight())
  const at = (fx: number, fy: number) => page.mouse.click(box.x + box.width * fx, box.y + h * fy)

  const plan: [string, [number, number][]][] = [
    ['hline', [[0.3, 0.15]]],
    [
      'trend',
      [
        [0.2, 0.3],
        [0.35, 0.45],
      ],
    ],
    [
      'ray',
      [
        [0.4, 0.3],
        [0.5, 0.35],
      ],
    ],
    [
      'rect',
      [
        [0.55, 0.3],
        [0.65, 0.45],
      ],
    ],
    [
      'measure',
      [
        [0.2, 0.6],
        [0.4, 0.75],
      ],
    ],
  ]
  for (const [kind, clicks] of plan) {
    await page.getByTestId(`draw-${kind}`).click()
    await expect(page.getByTestId(`draw-${kind}`)).toHaveAttribute('aria-pressed', 'true')
    for (const [fx, fy] of clicks) await at(fx, fy)
    // Done: the tool lets go, the host has it.
    await expect(page.getByTestId(`draw-${kind}`)).toHaveAttribute('aria-pressed', 'false')
    await expect.poll(() => saved(tape)?.map((d) => d.kind)).toContain(kind)
  }
  const all = saved(tape)!
  expect(all.map((d) => d.kind)).toEqual(['hline', 'trend', 'ray', 'rect', 'measure'])
  for (const d of all) {
    expect(d.symbol).toBe('BTCUSDT')
    for (const p of d.points) expect(p.price).toMatch(/^\d+(\.\d)?$/) // on BTC's 0.1 tick
  }
  // A trend line rises or falls with the bars it spans: its points are at different times.
  expect(all[1]!.points[0]!.t).toBeLessThan(all[1]!.points[1]!.t)
  const onPane = await placed(page)
  expect(onPane.map((d) => d.kind)).toEqual(['hline', 'trend', 'ray', 'rect', 'measure'])
  const measure = onPane.find((d) => d.kind === 'measure')!
  // Δ price, Δ %, bars: the lower point second, so a fall.
  expect(measure.label).toMatch(/^-[\d,]+\.\d \(-\d+\.\d\d%\) · \d+ bars$/)
  await page.mouse.move(box.x + 5, box.y + 5)
  await shoot(page, 'drawings', undefined, [
    [1280, 800],
    [1440, 900],
  ])

  // Reopen the session from the Sessions dialog: the drawings come back from the host.
  await page.goto(host.url)
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 20_000 })
  await page.getByTestId('sessions-button').click()
  await page.getByTestId(`session-${sessionId}`).getByTestId('session-open').click()
  await expect(page.getByTestId('session-list')).toBeHidden()
  await expect
    .poll(async () => (await placed(page)).map((d) => d.kind))
    .toEqual(['hline', 'trend', 'ray', 'rect', 'measure'])

  // Select the horizontal line (a press on it) and delete it with the key.
  const hl = (await placed(page)).find((d) => d.kind === 'hline')!
  await page.mouse.click(box.x + box.width * 0.8, box.y + hl.points[0]!.y)
  await expect
    .poll(async () => (await placed(page)).find((d) => d.kind === 'hline')?.selected)
    .toBe(true)
  await expect(page.getByTestId('draw-delete')).toBeEnabled()
  await page.keyboard.press('Delete')
  await expect
    .poll(async () => (await placed(page)).map((d) => d.kind))
    .toEqual(['trend', 'ray', 'rect', 'measure'])
  await expect
    .poll(() => saved(tape)?.map((d) => d.kind))
    .toEqual(['trend', 'ray', 'rect', 'measure'])

  // Esc cancels a drawing in progress: nothing is drawn, the tool lets go.
  await page.getByTestId('draw-trend').click()
  await at(0.7, 0.6)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('draw-trend')).toHaveAttribute('aria-pressed', 'false')
  await at(0.75, 0.65)
  await page.waitForTimeout(300)
  expect((await placed(page)).length).toBe(4)
})
