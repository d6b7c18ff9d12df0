/**
 * The ticket's stop-loss travels with the entry: with the coach on, a 10x-equity order that
 * a stop protects is accepted (the stop sits inside the liquidation price), and the stop is
 * then attached to the position.
 */
import { market, openDesk, openPositions, record, setLeverage } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'on' })

test('a >5x entry with a stop-loss in the ticket passes the coach and gets its stop', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await openDesk(page, host.url)
  await setLeverage(page, 20)
  const equity = Number(tape.accounts.at(-1)!.marginBalance)
  const last = Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
  const qty = (Math.ceil(((10 * equity) / last) * 1000) / 1000).toFixed(3)
  const stop = (Math.round(last * 0.98 * 10) / 10).toFixed(1) // 2% below: inside the liq price

  // Without the stop the coach refuses it (drill 1 of coach-drills.spec.ts)…
  const refused = await market(page, tape, 'buy', qty)
  expect(refused.rejection?.name).toBe('GUARDRAIL')

  // …with the ticket's TP/SL ticked and a stop-loss typed, the same entry goes through.
  const before = tape.acks.length
  await page.getByTestId('ticket-tpsl').check()
  await page.getByTestId('ticket-sl').fill(stop)
  await page.getByTestId('ticket-buy').click()
  await expect
    .poll(() => tape.acks.slice(before).find((a) => a.command.kind === 'placeOrder')?.accepted)
    .toBe(true)
  await expect.poll(() => openPositions(tape.accounts.at(-1)).length).toBe(1)
  await expect.poll(() => openPositions(tape.accounts.at(-1))[0]?.stopLoss?.stopPrice).toBe(stop)
  await expect(page.getByTestId('positions-table')).toContainText(
    stop.replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  )
  await page.screenshot({ path: 'test-results/coach-ticket-stop.png' })
})
