/**
 * Issue 14 item 5: a trailing stop from the ticket (callback rate, activation price) reaches
 * the engine as TRAILING_STOP_MARKET and is drawn on the chart at its activation price while
 * waiting, then at its live trailing level once active (the account view's trailingStopPrice).
 */
import { market, openDesk, record } from './support/coach'
import { onChart } from './support/chart'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

test('trailing stop: callback rate and activation price from the ticket, line on the chart', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  expect((await market(page, tape, 'buy', '0.1')).accepted).toBe(true)
  const last = Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
  const activation = (Math.round(last * 1.01 * 10) / 10).toFixed(1)

  await page.getByTestId('ticket-tab-STOP').click()
  await page.getByTestId('ticket-stop-kind').selectOption('TRAILING_STOP_MARKET')
  await expect(page.getByTestId('ticket-stop-price')).toHaveCount(0)
  await page.getByTestId('ticket-callback-rate').fill('1.5')
  await page.getByTestId('ticket-activation-price').fill(activation)
  await page.getByTestId('ticket-size').fill('0.1')
  // The preview answers (as a stop-market from the activation price), no error line.
  await expect(page.getByTestId('ticket-preview')).not.toContainText('needs callbackRate')
  await expect(page.getByTestId('preview-sell-qty')).toContainText('0.100')
  const before = tape.acks.length
  await page.getByTestId('ticket-sell').click()
  await expect.poll(() => tape.acks.length).toBeGreaterThan(before)
  const ack = tape.acks.at(-1)!
  expect(ack.accepted, JSON.stringify(ack.rejection)).toBe(true)
  const placed = ack.command as unknown as Record<string, unknown>
  expect(placed).toMatchObject({
    type: 'TRAILING_STOP_MARKET',
    side: 'SELL',
    callbackRate: '1.5',
    activationPrice: activation,
  })
  // Its line on the chart, labelled, at the activation price.
  await expect
    .poll(() =>
      onChart(page, (h: { labels(): { text: string }[] }) => h.labels().map((l) => l.text)),
    )
    .toContainEqual(expect.stringMatching(/^TRAILING SELL 0\.100 1\.5% from here|Trailing act\./))
  await shoot(page, 'trailing-stop')
})

test('trailing stop without an activation price: its line is the live trailing level', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  expect((await market(page, tape, 'buy', '0.1')).accepted).toBe(true)
  await page.getByTestId('ticket-tab-STOP').click()
  await page.getByTestId('ticket-stop-kind').selectOption('TRAILING_STOP_MARKET')
  await page.getByTestId('ticket-callback-rate').fill('1')
  await page.getByTestId('ticket-activation-price').fill('')
  await page.getByTestId('ticket-size').fill('0.1')
  const before = tape.acks.length
  await page.getByTestId('ticket-sell').click()
  await expect.poll(() => tape.acks.length).toBeGreaterThan(before)
  expect(tape.acks.at(-1)!.accepted).toBe(true)
  // Active at once: the account view carries its level, the best price seen × 0.99 on the tick.
  const level = () =>
    tape.accounts.at(-1)?.openOrders.find((o) => o.type === 'TRAILING_STOP_MARKET')
      ?.trailingStopPrice
  await expect.poll(level).toMatch(/^\d+(\.\d)?$/)
  const last = Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
  expect(Number(level())).toBeLessThan(last)
  expect(Number(level())).toBeGreaterThan(last * 0.985)
  // Step on: the line follows the level the engine reports, labelled with its callback.
  for (let i = 0; i < 3; i++) {
    const frames = tape.frames.length
    await page.getByTestId('replay-step10').click()
    await expect.poll(() => tape.frames.length).toBeGreaterThan(frames)
  }
  const now = level()
  expect(now, 'still resting after 30 bars of the recorded tape').toBeDefined()
  await expect
    .poll(() =>
      onChart(page, (h: { labels(): { text: string }[] }) => h.labels().map((l) => l.text)),
    )
    .toContainEqual('TRAILING SELL 0.100 1%')
  const y = await page
    .getByTestId('chart')
    .first()
    .evaluate(
      (el, p) =>
        (el as HTMLElement & { __desk: { priceToY(p: number): number } }).__desk.priceToY(p),
      Number(now),
    )
  const label = (
    await onChart(page, (h: { labels(): { text: string; top: number; bottom: number }[] }) =>
      h.labels(),
    )
  ).find((l) => l.text.startsWith('TRAILING'))!
  // The label sits on its line (labels are pushed apart by at most a few px).
  expect(Math.abs((label.top + label.bottom) / 2 - y)).toBeLessThan(20)
  await shoot(page, 'trailing-live-level')
})
