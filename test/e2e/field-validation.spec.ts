/**
 * Issue 13.6: every field validates as you type, with the reason next to it, and the button
 * that would send it stays off meanwhile; nothing is clamped or replaced silently. One drill per
 * dialog: the ticket (price, size, trigger, callback, TP/SL), leverage, new session, margin,
 * alerts, the TP/SL tab.
 */
import { coachTab, market, openDesk, record, setIsolated, setLeverage } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

test('bad values are said next to their field and never sent or clamped', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  const buy = page.getByTestId('ticket-buy')
  const sell = page.getByTestId('ticket-sell')
  const blocked = page.getByTestId('ticket-blocked')

  // --- the ticket: letters in the price, a 20-digit size, an off-lot size
  await page.getByTestId('ticket-tab-LIMIT').click()
  await page.getByTestId('ticket-price').fill('19k')
  await expect(page.getByTestId('ticket-price-error')).toHaveText(
    'Price must be a number, e.g. 12.5',
  )
  await expect(buy).toBeDisabled()
  await expect(sell).toBeDisabled()
  await expect(blocked).toHaveText('Enter size') // what no field says yet
  await page.getByTestId('ticket-price').fill('18000.05')
  await expect(page.getByTestId('ticket-price-error')).toHaveText('Price goes in steps of 0.1')
  await page.getByTestId('ticket-price').fill('18000')
  await expect(page.getByTestId('ticket-price-error')).toHaveCount(0)
  await expect(blocked).toHaveText('Enter size')
  await page.getByTestId('ticket-size').fill('0.0005')
  await expect(page.getByTestId('ticket-size-error')).toHaveText('Size goes in steps of 0.001')
  await page.getByTestId('ticket-size').fill('12345678901234567890')
  await expect(page.getByTestId('ticket-size-error')).toContainText(
    'Size above the most this account can open:',
  )
  await expect(buy).toBeDisabled()
  // the 20 digits stay inside the ticket: nothing in it is wider than the ticket itself
  const overflow = await page.getByTestId('order-ticket').evaluate((el) => {
    const box = el.getBoundingClientRect()
    return [...el.querySelectorAll('*')]
      .filter((c) => {
        const r = c.getBoundingClientRect()
        return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1)
      })
      .map((c) => `${c.tagName} ${c.getAttribute('data-testid') ?? c.className}`)
  })
  expect(overflow).toEqual([])
  await page.getByTestId('ticket-tpsl').check()
  await page.getByTestId('ticket-sl').fill('abc')
  await expect(page.getByTestId('ticket-sl-error')).toHaveText(
    'SL: Stop-loss must be a number, e.g. 12.5',
  )
  await shoot(page, 'ticket-field-errors')
  await page.getByTestId('ticket-sl').fill('')
  await page.getByTestId('ticket-tpsl').uncheck()
  await page.getByTestId('ticket-size').fill('0.01')
  await expect(buy).toBeEnabled()
  await expect(blocked).toHaveCount(0)

  // trailing stop: callback outside 0.1–10 %
  await page.getByTestId('ticket-tab-STOP').click()
  await page.getByTestId('ticket-stop-kind').selectOption('TRAILING_STOP_MARKET')
  await page.getByTestId('ticket-callback-rate').fill('12')
  await expect(page.getByTestId('ticket-callback-rate-error')).toHaveText(
    'Callback rate must be from 0.1 % to 10 %',
  )
  await expect(buy).toBeDisabled()
  await page.getByTestId('ticket-callback-rate').fill('1')
  await page.getByTestId('ticket-stop-kind').selectOption('STOP_MARKET')
  await page.getByTestId('ticket-stop-price').fill('-5')
  await expect(page.getByTestId('ticket-stop-price-error')).toHaveText(
    'Trigger price cannot be negative',
  )
  await page.getByTestId('ticket-stop-price').fill('')

  // --- leverage dialog: 500, 0, −3, "abc" are said, not turned into 50x / 1x
  await page.getByTestId('leverage-button').click()
  const lev = page.getByTestId('leverage-input')
  const max = await page.getByTestId('leverage-slider').getAttribute('max')
  for (const bad of ['500', '0', '-3']) {
    await lev.fill(bad)
    await expect(page.getByTestId('leverage-error')).toHaveText(
      `Leverage must be from 1x to ${max}x`,
    )
    await expect(page.getByTestId('leverage-confirm')).toBeDisabled()
    await lev.press('Enter')
    await expect(lev).toHaveValue(bad) // left as typed, not clamped
  }
  await lev.fill('abc')
  await expect(page.getByTestId('leverage-error')).toHaveText('Leverage must be a number, e.g. 10')
  await expect(page.getByTestId('leverage-confirm')).toBeDisabled()
  await page.screenshot({ path: 'test-results/leverage-field-error.png' })
  await lev.fill('7x')
  await expect(page.getByTestId('leverage-error')).toHaveCount(0)
  await page.getByTestId('leverage-confirm').click()
  await expect(page.getByTestId('leverage-button')).toHaveText('7x')
  const levCommands = tape.acks.filter((a) => a.command.kind === 'setLeverage')
  expect(levCommands.map((a) => (a.command as unknown as { leverage: number }).leverage)).toEqual([
    7,
  ])

  // --- new session: a negative or lettered balance is refused, not replaced by 10,000
  await page.getByTestId('scenario-button').click()
  const bal = page.getByTestId('new-balance')
  await bal.fill('-5000')
  await expect(page.getByTestId('new-balance-error')).toHaveText(
    'Starting balance must be from 1 USDT to 100,000,000 USDT',
  )
  await expect(page.getByTestId('scenario-start')).toBeDisabled()
  await bal.fill('lots')
  await expect(page.getByTestId('new-balance-error')).toHaveText(
    'Starting balance must be a number, e.g. 12.5',
  )
  await page.screenshot({ path: 'test-results/new-session-field-error.png' })
  await bal.fill('5000')
  await expect(page.getByTestId('new-balance-error')).toHaveCount(0)
  await page.getByTestId('scenario-start').click()
  await expect(page.getByTestId('ticket-available')).toHaveText('5,000.00')

  // --- isolated margin amount
  await setIsolated(page)
  await setLeverage(page, 10)
  expect((await market(page, tape, 'buy', '0.05')).accepted).toBe(true)
  const row = page.getByTestId('position-BTCUSDT-BOTH')
  await row.getByTestId('pos-margin-add').click()
  await page.getByTestId('margin-adjust-amount').fill('12..5')
  await expect(page.getByTestId('margin-adjust-error')).toHaveText(
    'Amount must be a number, e.g. 12.5',
  )
  await expect(page.getByTestId('margin-adjust-confirm')).toBeDisabled()
  await page.getByTestId('margin-adjust-amount').fill('-20')
  await expect(page.getByTestId('margin-adjust-error')).toHaveText('Amount cannot be negative')
  await page.getByTestId('margin-adjust-amount').fill('20')
  await expect(page.getByTestId('margin-adjust-error')).toHaveCount(0)
  await expect(page.getByTestId('margin-adjust-confirm')).toBeEnabled()
  await page.keyboard.press('Escape')

  // --- the TP/SL tab: letters would have removed the leg; now they are said
  await page.getByTestId('ticket-tab-TPSL').click()
  await page.getByTestId('tpsl-sl').fill('1900O')
  await expect(page.getByTestId('tpsl-sl-error')).toHaveText(
    'Stop-loss must be a number, e.g. 12.5',
  )
  await expect(page.getByTestId('tpsl-apply')).toBeDisabled()

  // --- alerts: a price level with letters, a margin ratio above 100 %
  await coachTab(page, 'alerts')
  await page.getByTestId('alert-price').fill('abc')
  await expect(page.getByTestId('alert-error')).toHaveText(
    'Alert price must be a number, e.g. 12.5',
  )
  await expect(page.getByTestId('alert-add')).toBeDisabled()
  await page.getByTestId('alert-price').fill('15000')
  await expect(page.getByTestId('alert-add')).toBeEnabled()
})
