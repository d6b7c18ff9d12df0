/**
 * Issue 13.1: an entry with TP/SL is one decision. A stop on the wrong side is caught next to
 * its field before anything is sent; the engine, asked directly, rejects such an entry whole
 * (no fill); a sound entry is one command whose ack already shows the position protected.
 */
import type { CommandAck } from '../../shared/contract'
import { hostCall, openDesk, openPositions, record } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

const tick = (x: number) => (Math.round(x * 10) / 10).toFixed(1)

test('an entry with TP/SL is checked before sending and lands whole or not at all', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await openDesk(page, host.url)
  const last = Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.010')
  await page.getByTestId('ticket-tpsl').check()

  // letters are refused as they are typed, next to the field
  await page.getByTestId('ticket-tp').fill('abc')
  await expect(page.getByTestId('ticket-tp-error')).toHaveText(
    'TP: Take-profit must be a number, e.g. 12.5',
  )
  await page.getByTestId('ticket-tp').fill('')

  // a long's stop above the price: said next to the SL field, nothing sent
  await page.getByTestId('ticket-sl').fill(tick(last * 1.02))
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('ticket-sl-error')).toContainText('below')
  await page.screenshot({ path: 'test-results/ticket-tpsl-inline-error.png' })
  await page.waitForTimeout(500)
  expect(tape.acks.filter((a) => a.command.kind === 'placeOrder')).toHaveLength(0)
  expect(openPositions(tape.accounts.at(-1))).toHaveLength(0)

  // the engine is the last word: the same entry sent straight to the host is rejected whole
  const direct = await hostCall<CommandAck>(page, host.token, 'session:command', {
    sessionId: tape.sessionId,
    command: {
      kind: 'placeOrder',
      symbol: 'BTCUSDT',
      side: 'BUY',
      positionSide: 'BOTH',
      type: 'MARKET',
      quantity: '0.010',
      attached: { stopLoss: { stopPrice: tick(last * 1.02), workingType: 'MARK_PRICE' } },
    },
  })
  expect(direct.accepted).toBe(false)
  expect(direct.rejection?.code).toBe(-4142)
  expect(direct.events.map((e) => e.type)).toEqual(['commandRejected'])
  expect(openPositions(direct.account)).toHaveLength(0)

  // a sound stop and target: one command, and its ack already shows them on the position
  // (the tape also heard the direct call above: count from here)
  const from = tape.acks.length
  const stop = tick(last * 0.98)
  const target = tick(last * 1.03)
  await page.getByTestId('ticket-sl').fill(stop)
  await page.getByTestId('ticket-tp').fill(target)
  await expect(page.getByTestId('ticket-sl-error')).toHaveCount(0)
  await page.getByTestId('ticket-buy').click()
  await expect.poll(() => tape.acks.slice(from).length).toBe(1)
  const ack = tape.acks[from]!
  expect(ack.accepted).toBe(true)
  const pos = openPositions(ack.account)
  expect(pos).toHaveLength(1)
  expect([pos[0]!.stopLoss?.stopPrice, pos[0]!.takeProfit?.stopPrice]).toEqual([stop, target])
  await page.waitForTimeout(500)
  expect(tape.acks.slice(from).map((a) => a.command.kind)).toEqual(['placeOrder'])
  await expect(page.getByTestId('positions-table')).toContainText(
    stop.replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  )
  await page.screenshot({ path: 'test-results/ticket-tpsl-protected.png' })
})
