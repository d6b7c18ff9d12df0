/**
 * Issue 13.6, the fields field-validation.spec.ts does not reach: the Positions table's limit
 * close price and the Open Orders table's amendments (price, amount, trigger). Every bad value
 * (empty, letters, 0, negative, 20 digits, too many decimals, out of the exchange's range) is
 * said next to its field while typing, the button stays off with the reason, nothing bad is
 * sent; and the host still refuses the same values sent past the desk, with coded answers.
 */
import type { Locator, Page } from '@playwright/test'
import type { CommandAck } from '../../shared/contract'
import { hostCall, market, openDesk, record } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

/** Types `value` and waits for the field's message (exactly `said`, or matching it). */
async function typed(
  page: Page,
  input: Locator,
  value: string,
  error: string,
  said: string | RegExp,
) {
  await input.fill(value)
  await expect(page.getByTestId(error)).toHaveText(said)
}

test('limit close and order amendments say bad values next to the field and send none', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  // A short: its limit close is a BUY, which the PERCENT_PRICE band caps at mark × 1.05.
  expect((await market(page, tape, 'sell', '0.05')).accepted).toBe(true)
  const row = page.getByTestId('position-BTCUSDT-BOTH')
  await expect(row.getByTestId('pos-size')).toHaveAttribute('data-value', '-0.05')
  const mark = Number(await row.getByTestId('pos-mark').getAttribute('data-value'))

  // --- the limit close price
  const lim = row.getByTestId('pos-close-limit-price')
  const limit = row.getByTestId('pos-close-limit')
  const err = 'pos-close-limit-error'
  await expect(limit).toBeDisabled() // empty: nothing to send
  await expect(limit).toHaveAttribute('title', 'Enter limit price')
  await expect(row.getByTestId(err)).toHaveCount(0)
  const bad: [string, string | RegExp][] = [
    ['abc', 'Limit price must be a number, e.g. 12.5'],
    ['0', 'Limit price must be above 0'],
    ['-5', 'Limit price cannot be negative'],
    ['19000.05', 'Limit price goes in steps of 0.1'],
    [
      '123456789012345678901',
      'Limit price has too many digits (at most 20 before the point and 18 after)',
    ],
    // 20 digits is a number; the engine's band refuses it, before anything is sent
    [
      '12345678901234567890',
      /^The exchange would refuse this \(-4016\): Limit price can't be higher than /,
    ],
    [(mark * 1.2).toFixed(1), /^The exchange would refuse this \(-4016\)/],
  ]
  for (const [value, said] of bad) {
    await typed(page, lim, value, err, said)
    await expect(limit).toBeDisabled()
    await lim.press('Enter') // Enter does not send it either
  }
  await shoot(page, 'close-limit-field-error')
  // A price below the mark rests as a reduce-only BUY limit.
  const restAt = (Math.floor(mark * 0.97 * 10) / 10).toFixed(1)
  await lim.fill(restAt)
  await expect(row.getByTestId(err)).toHaveCount(0)
  await expect(limit).toBeEnabled()
  await limit.click()
  await expect
    .poll(() => tape.acks.filter((a) => a.command.kind === 'closePosition').length)
    .toBe(1)
  const closes = tape.acks.filter((a) => a.command.kind === 'closePosition')
  expect(closes.map((a) => [a.accepted, (a.command as { price?: string }).price])).toEqual([
    [true, restAt],
  ])
  await expect(lim).toHaveValue('') // sent: the field is ready for the next one

  // --- a stop order to amend the trigger of: BUY stop-market above the price (protects the short)
  await page.getByTestId('ticket-tab-STOP').click()
  await page.getByTestId('ticket-stop-kind').selectOption('STOP_MARKET')
  const stopAt = (Math.ceil(mark * 1.03 * 10) / 10).toFixed(1)
  await page.getByTestId('ticket-stop-price').fill(stopAt)
  await page.getByTestId('ticket-size').fill('0.01')
  await page.getByTestId('ticket-buy').click()
  await expect.poll(() => tape.acks.filter((a) => a.command.kind === 'placeOrder').length).toBe(2)
  expect(tape.acks.at(-1)!.accepted).toBe(true)
  // --- and a SELL limit above the price that would add to the short (its cost is checked)
  await page.getByTestId('ticket-tab-LIMIT').click()
  await page.getByTestId('ticket-price').fill(stopAt)
  await page.getByTestId('ticket-size').fill('0.01')
  await page.getByTestId('ticket-sell').click()
  await expect.poll(() => tape.acks.filter((a) => a.command.kind === 'placeOrder').length).toBe(3)
  expect(tape.acks.at(-1)!.accepted).toBe(true)

  await page.getByTestId('tab-openOrders').click()
  const orders = page.getByTestId('open-orders-table').locator('tbody tr')
  await expect(orders).toHaveCount(3)
  const stopRow = orders.filter({ hasText: 'STOP MARKET' })
  const addRow = orders.filter({ hasText: 'Sell' })
  const limitRow = orders.filter({ hasNotText: 'STOP' }).filter({ hasNotText: 'Sell' })
  await expect(limitRow).toHaveCount(1)
  await expect(stopRow).toHaveCount(1)
  await expect(addRow).toHaveCount(1)
  // A stop-market has no price to amend; a limit has no trigger.
  await expect(stopRow.getByTestId('order-edit-price')).toHaveCount(0)
  await expect(limitRow.getByTestId('order-edit-trigger')).toHaveCount(0)

  const input = page.getByTestId('amend-input')
  const confirm = page.getByTestId('amend-confirm')
  const amendErr = 'amend-error'

  // price of the resting limit close
  await limitRow.getByTestId('order-edit-price').click()
  await expect(input).toHaveValue(restAt)
  await expect(confirm).toBeDisabled() // unchanged
  await expect(confirm).toHaveAttribute('title', 'Type a new price')
  await input.fill('')
  await expect(confirm).toHaveAttribute('title', 'Enter price')
  for (const [value, said] of [
    ['1g000', 'Price must be a number, e.g. 12.5'],
    ['0', 'Price must be above 0'],
    ['-1', 'Price cannot be negative'],
    ['18000.123', 'Price goes in steps of 0.1'],
    ['12345678901234567890', /^The exchange would refuse this \(-4016\)/],
    [(mark * 1.2).toFixed(1), /^The exchange would refuse this \(-4016\)/],
  ] as [string, string | RegExp][]) {
    await typed(page, input, value, amendErr, said)
    await expect(confirm).toBeDisabled()
    await input.press('Enter')
  }
  await shoot(page, 'amend-price-field-error', async () => {
    if (!(await input.count())) await limitRow.getByTestId('order-edit-price').click()
    await input.fill('0')
  })
  const newPrice = (Math.floor(mark * 0.96 * 10) / 10).toFixed(1)
  await input.fill(newPrice)
  await expect(page.getByTestId(amendErr)).toHaveCount(0)
  await expect(confirm).toBeEnabled()
  await confirm.click()
  await expect(page.getByTestId('amend-popover')).toHaveCount(0) // closes on the engine's ack
  await expect(limitRow.getByTestId('order-price')).toHaveAttribute('data-value', newPrice)

  // amount of the same order
  await limitRow.getByTestId('order-edit-qty').click()
  await expect(input).toHaveValue('0.05')
  for (const [value, said] of [
    ['lots', 'Amount must be a number, e.g. 12.5'],
    ['0', 'Amount must be above 0 BTC'],
    ['-0.01', 'Amount cannot be negative'],
    ['0.0101', 'Amount goes in steps of 0.001'],
    ['123456789012345678901', /has too many digits/],
  ] as [string, string | RegExp][]) {
    await typed(page, input, value, amendErr, said)
    await expect(confirm).toBeDisabled()
  }
  await input.fill('0.04')
  await expect(page.getByTestId(amendErr)).toHaveCount(0)
  await expect(confirm).toBeEnabled()
  await input.press('Enter')
  await expect(page.getByTestId('amend-popover')).toHaveCount(0)
  await expect(limitRow.getByTestId('order-qty')).toHaveAttribute('data-value', '0.04')

  // trigger of the stop: below the last price it would trigger at once (the engine says so)
  await stopRow.getByTestId('order-edit-trigger').click()
  await expect(input).toHaveValue(stopAt)
  for (const [value, said] of [
    ['x', 'Trigger price must be a number, e.g. 12.5'],
    ['0', 'Trigger price must be above 0'],
    ['-20000', 'Trigger price cannot be negative'],
    ['20000.55', 'Trigger price goes in steps of 0.1'],
    ['123456789012345678901', /has too many digits/],
    [(mark * 0.9).toFixed(1), /^The exchange would refuse this \(-2021\)/],
  ] as [string, string | RegExp][]) {
    await typed(page, input, value, amendErr, said)
    await expect(confirm).toBeDisabled()
  }
  await page.keyboard.press('Escape') // cancels: nothing changes
  await expect(page.getByTestId('amend-popover')).toHaveCount(0)
  await expect(stopRow.getByTestId('order-trigger')).toHaveAttribute('data-value', stopAt)
  // an opening order's amount: 20 digits is a number, far beyond what the account can hold
  await addRow.getByTestId('order-edit-qty').click()
  await expect(input).toHaveValue('0.01')
  await typed(
    page,
    input,
    '12345678901234567890',
    amendErr,
    /^The exchange would refuse this \(-\d+\)/,
  )
  await expect(confirm).toBeDisabled()
  await page.getByTestId('amend-cancel').click()
  await expect(addRow.getByTestId('order-qty')).toHaveAttribute('data-value', '0.01')

  // Only the two good amendments reached the host.
  const amends = tape.acks.filter((a) => a.command.kind === 'amendOrder')
  expect(amends.map((a) => a.accepted)).toEqual([true, true])

  // --- the host refuses the same values sent past the desk: bad grammar is INVALID_REQUEST,
  // a well-formed number the engine cannot take is a coded rejection
  const sessionId = tape.sessionId!
  const orderId = await limitRow.getAttribute('data-testid').then((s) => s!.replace(/^order-/, ''))
  const send = (command: unknown) =>
    hostCall<CommandAck>(page, host.token, 'session:command', { sessionId, command })
  for (const price of ['abc', '1e5', '', ' 19000', '123456789012345678901'])
    await expect(send({ kind: 'amendOrder', orderId, price })).rejects.toThrow(/INVALID_REQUEST/)
  await expect(send({ kind: 'amendOrder', orderId, quantity: 5 })).rejects.toThrow(
    /INVALID_REQUEST/,
  )
  await expect(
    send({
      kind: 'closePosition',
      symbol: 'BTCUSDT',
      positionSide: 'BOTH',
      fraction: '1',
      price: '19k',
    }),
  ).rejects.toThrow(/INVALID_REQUEST/)
  const coded = async (command: unknown) => {
    // a business rejection is data in the ack, not a transport error
    const ack = await send(command)
    expect(ack.accepted).toBe(false)
    return ack.rejection!.code
  }
  const close = { kind: 'closePosition', symbol: 'BTCUSDT', positionSide: 'BOTH', fraction: '1' }
  const codes = {
    price0: await coded({ kind: 'amendOrder', orderId, price: '0' }),
    priceNeg: await coded({ kind: 'amendOrder', orderId, price: '-5' }),
    offTick: await coded({ kind: 'amendOrder', orderId, price: '18000.05' }),
    offLot: await coded({ kind: 'amendOrder', orderId, quantity: '0.0101' }),
    qty0: await coded({ kind: 'amendOrder', orderId, quantity: '0' }),
    close0: await coded({ ...close, price: '0' }),
    closeNeg: await coded({ ...close, price: '-1' }),
    close20: await coded({ ...close, price: '12345678901234567890' }),
  }
  // Binance's codes: price not a positive multiple of the tick −4014, quantity off the lot −4003,
  // outside the PERCENT_PRICE band −4016
  expect(codes).toEqual({
    price0: -4014,
    priceNeg: -4014,
    offTick: -4014,
    offLot: -4003,
    qty0: -4003,
    close0: -4014,
    closeNeg: -4014,
    close20: -4016,
  })
  // nothing the desk shows moved
  await expect(limitRow.getByTestId('order-price')).toHaveAttribute('data-value', newPrice)
})
