/**
 * Issue 14 items 4 and 6: figures before every confirm, and Binance-style confirmations.
 * Margin popover: max removable, new liq price and margin ratio as you type, the exchange's
 * refusal before Confirm. Leverage dialog: the position's own tier, max position per
 * leverage, -4161. Margin mode: -4048. Market close: slider and the PnL it would realise.
 * Close All: confirmed with the total. Settings switch the confirmations off.
 */
import { market, openDesk, record, setIsolated, setLeverage } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

test('margin, leverage, margin mode and close show the engine figures before Confirm', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDesk(page, host.url)
  await setIsolated(page)
  await setLeverage(page, 10)
  expect((await market(page, tape, 'buy', '0.5')).accepted).toBe(true)
  const row = page.getByTestId('position-BTCUSDT-BOTH')
  await expect(row).toBeVisible()

  const margin = async () => Number(await row.getByTestId('pos-margin').getAttribute('data-value'))
  // Add margin: liq and ratio move as the amount is typed.
  await row.getByTestId('pos-margin-add').click()
  await expect(page.getByTestId('margin-adjust-max-value')).toContainText('USDT')
  await page.getByTestId('margin-adjust-amount').fill('50')
  await expect(page.getByTestId('margin-adjust-liq')).toContainText('→')
  await expect(page.getByTestId('margin-adjust-ratio')).toContainText('→')
  await shoot(page, 'figures-margin-add')
  const m0 = await margin()
  await page.getByTestId('margin-adjust-confirm').click()
  await expect.poll(margin).toBeCloseTo(m0 + 50, 6)

  // Remove margin: the max removable (about the 50 just added), and -4051 past it.
  await row.getByTestId('pos-margin-remove').click()
  await expect(page.getByTestId('margin-adjust-max-value')).toContainText('USDT')
  await page.getByTestId('margin-adjust-amount').fill('999999')
  await expect(page.getByTestId('margin-adjust-refusal')).toContainText('-4051')
  await expect(page.getByTestId('margin-adjust-confirm')).toBeDisabled()
  await page.getByTestId('margin-adjust-amount').fill('20')
  await expect(page.getByTestId('margin-adjust-refusal')).toHaveCount(0)
  await expect(page.getByTestId('margin-adjust-liq')).toContainText('→')
  await shoot(page, 'figures-margin-remove')
  const m1 = await margin()
  await page.getByTestId('margin-adjust-confirm').click()
  await expect.poll(margin).toBeCloseTo(m1 - 20, 6)

  // Leverage: the position's own tier (0.40 % at ~10k notional in 2022), a max-position row per
  // leverage, and -4161 before Confirm when lowering below what the isolated margin supports.
  await page.getByTestId('leverage-button').click()
  await expect(page.getByTestId('leverage-position-tier')).toContainText('0.40%')
  await expect(page.getByTestId('leverage-tiers')).toContainText('125x')
  await page.getByTestId('leverage-input').fill('1x')
  await page.getByTestId('leverage-input').press('Enter')
  await expect(page.getByTestId('leverage-refusal')).toContainText('-4161')
  await expect(page.getByTestId('leverage-confirm')).toBeDisabled()
  await shoot(page, 'figures-leverage')
  await page.keyboard.press('Escape')

  // Margin mode with a position: -4048 before Confirm.
  await page.getByTestId('margin-mode-button').click()
  await page.getByTestId('margin-mode-cross').click()
  await expect(page.getByTestId('margin-mode-refusal')).toContainText('-4048')
  await page.keyboard.press('Escape')

  // Market close: confirmed, with slider and the PnL it would realise.
  const openClose = async () => {
    if (await page.getByTestId('close-popover').count()) await page.getByText('Cancel').click()
    await row.getByTestId('pos-close-market').click()
    await page.getByTestId('close-slider').fill('40')
    await expect(page.getByTestId('close-pnl')).toContainText('USDT')
  }
  await openClose()
  await expect(page.getByTestId('close-qty')).toContainText('40% · 0.200 BTC')
  await expect(page.getByTestId('close-pnl')).toContainText('USDT')
  await shoot(page, 'figures-close', openClose)
  await page.getByTestId('close-confirm').click()
  await expect(row.getByTestId('pos-size')).toHaveAttribute('data-value', '0.3')

  // Close All: confirmed with the total PnL.
  await page.getByTestId('close-all').click()
  await expect(page.getByTestId('close-all-total')).toContainText('USDT')
  await shoot(page, 'figures-close-all')
  await page.getByTestId('close-all-confirm').click()
  await expect(row).toHaveCount(0)

  // Settings: market closes act at once when switched off.
  await page.getByTestId('settings-button').click()
  await page.getByTestId('settings-confirm-market-close').uncheck()
  await page.getByTestId('settings-done').click()
  expect((await market(page, tape, 'buy', '0.1')).accepted).toBe(true)
  await row.getByTestId('pos-close-100').click()
  await expect(page.getByTestId('close-popover')).toHaveCount(0)
  await expect(row).toHaveCount(0)
})
