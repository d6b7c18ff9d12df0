/**
 * Issue 14 item 11: price alerts are lines on the chart that drag like orders (the new level
 * goes to the host, which re-arms the alert), and the Alerts panel edits and re-arms them.
 */
import type { Page } from '@playwright/test'
import type { AlertSpec, AlertState } from '../../shared/contract/coach'
import { coachTab, lastAnswer, openDesk, record, type Tape } from './support/coach'
import { onChart } from './support/chart'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })

interface Label {
  text: string
  top: number
  bottom: number
  pinned: 'top' | 'bottom' | null
}
interface Handle {
  priceToY(p: number): number | null
  labels(): Label[]
}
const alertLabels = (page: Page) =>
  onChart(page, (h: Handle) => h.labels().filter((l) => l.text.startsWith('Alert')))
const alertsNow = (tape: Tape) =>
  [...tape.answers].reverse().find((a) => a.method.startsWith('alerts:'))?.value as
    AlertState[] | undefined

const grouped = (p: string) =>
  Number(p).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })

async function lastPrice(page: Page): Promise<number> {
  return Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
}

test('alert lines: drawn at their level, dragged to a new level through the host, edited and re-armed', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  const last = await lastPrice(page)
  const level = (Math.round(last * 0.998 * 10) / 10).toFixed(1)

  await coachTab(page, 'alerts')
  await page.getByTestId('alert-price').fill(level)
  await page.getByTestId('alert-add').click()
  await expect.poll(() => alertsNow(tape)?.length).toBe(1)
  const id = alertsNow(tape)![0]!.spec.id

  // Its line: labelled with the level, at the level's y.
  await expect
    .poll(async () => (await alertLabels(page)).map((l) => l.text))
    .toContainEqual(`Alert mark ≤ ${grouped(level)}`)
  const yAt = await page
    .getByTestId('chart')
    .first()
    .evaluate(
      (el, p) => (el as HTMLElement & { __desk: Handle }).__desk.priceToY(p) as number,
      Number(level),
    )
  const box = (await page.getByTestId('chart').first().boundingBox())!
  const x = box.x + box.width * 0.4

  // Drag it 40 px up: the host gets the new level (on the tick) and the alert stays armed.
  await page.mouse.move(x, box.y + yAt)
  await page.mouse.down()
  await page.mouse.move(x, box.y + yAt - 20, { steps: 4 })
  await page.mouse.move(x, box.y + yAt - 40, { steps: 4 })
  await page.mouse.up()
  await expect.poll(() => alertsNow(tape)?.[0]?.spec).not.toMatchObject({ price: level })
  const moved = alertsNow(tape)![0]! as AlertState & { spec: Extract<AlertSpec, { kind: 'price' }> }
  expect(moved.spec.id).toBe(id)
  expect(moved.armed).toBe(true)
  expect(Number(moved.spec.price)).toBeGreaterThan(Number(level))
  expect(moved.spec.price).toMatch(/^\d+(\.\d)?$/) // BTC's tick is 0.1
  const movedLabel = `Alert mark ${Number(moved.spec.price) >= last ? '≥' : '≤'}`
  await expect
    .poll(async () => (await alertLabels(page)).map((l) => l.text))
    .toContainEqual(expect.stringContaining(movedLabel))
  await expect(page.getByTestId(`alert-${id}`)).toContainText(grouped(moved.spec.price))

  // Edit from the panel: the form takes its values; Save keeps the id.
  await page.getByTestId(`alert-edit-${id}`).click()
  await expect(page.getByTestId('alert-price')).toHaveValue(moved.spec.price)
  await expect(page.getByTestId('alert-add')).toHaveText('Save')
  const edited = (Math.round(last * 1.0005 * 10) / 10).toFixed(1)
  await page.getByTestId('alert-price').fill(edited)
  await page.locator('[data-testid=alerts-panel] select').nth(3).selectOption('above')
  await page.getByTestId('alert-add').click()
  await expect.poll(() => alertsNow(tape)?.[0]?.spec).toMatchObject({ id, price: edited })
  expect(alertsNow(tape)).toHaveLength(1)

  // Fire it (a bar reaching the level), then re-arm it.
  for (let i = 0; i < 30 && alertsNow(tape)?.[0]?.armed !== false; i++) {
    const frames = tape.frames.length
    await page.getByTestId('replay-step').click()
    await expect.poll(() => tape.frames.length).toBeGreaterThan(frames)
    await page.waitForTimeout(50)
    if (await page.getByTestId(`alert-rearm-${id}`).count()) break
  }
  await expect(page.getByTestId(`alert-${id}`)).toHaveClass(/fired/)
  await expect
    .poll(async () => (await alertLabels(page)).map((l) => l.text))
    .toContainEqual(expect.stringContaining('(fired)'))
  await shoot(page, 'alert-lines', undefined, [
    [1280, 800],
    [1440, 900],
  ])
  await page.getByTestId(`alert-rearm-${id}`).click()
  await expect(page.getByTestId(`alert-${id}`)).not.toHaveClass(/fired/)
  expect(lastAnswer<AlertState[]>(tape, 'alerts:set')?.[0]?.armed).toBe(true)
})
