/**
 * Issue 13.3: a liquidation is explained, and every ledger agrees with the wallet. A 50x
 * isolated long in the FTX crash, played at max speed: the liquidation card says what the
 * engine did (mark reached, closed at, margin lost, clearance fee) and what would have saved
 * it (host-computed: a stop, +margin, a lower leverage); Order History has the Liquidation
 * order, Trade History its fill, Transactions its loss and fee, and after Finish the report
 * shows the trade's Exit at the fill price. Σ Transactions = wallet − start to the cent.
 */
import Decimal from 'decimal.js'
import type { LiquidationCard } from '../../shared/contract'
import { openDesk, record, setIsolated, setLeverage } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 30_000 })
test.use({ coach: 'off' })

const num = (s: string | null) => new Decimal((s ?? '').replace(/,/g, ''))

test('liquidation card; Order History, Trade History, Transactions and the report agree with the wallet', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await openDesk(page, host.url)
  await setIsolated(page)
  await setLeverage(page, 50)
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.5')
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('positions-table')).toContainText('BTCUSDT')
  const start = num(tape.accounts[0]!.walletBalance)

  await page.getByTestId('replay-speed').selectOption('max')
  await page.getByTestId('replay-play').click()
  const cardEl = page.getByTestId('liquidation-card')
  await expect(cardEl).toBeVisible()
  const liq = tape.events.find((e) => e.type === 'liquidation')!
  if (liq.type !== 'liquidation') throw new Error('no liquidation')
  const card = tape.answers.find((a) => a.method === 'session:liquidation')!
    .value as LiquidationCard
  expect(card.seq).toBe(liq.seq)
  expect(card.rescue).not.toBeNull()
  // the card shows the engine's numbers
  await expect(page.getByTestId('liq-card-mark')).toHaveText(
    num(liq.markPrice)
      .toFixed(1)
      .replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  )
  await expect(page.getByTestId('liq-card-fill')).toContainText(
    num(liq.fillPrice)
      .toFixed(1)
      .replace(/\B(?=(\d{3})+(?!\d))/g, ','),
  )
  await expect(page.getByTestId('liq-card-lost')).toContainText(
    num(liq.realizedPnl).neg().toFixed(2),
  )
  await expect(page.getByTestId('liq-card-fee')).toContainText(num(liq.clearanceFee).toFixed(2))
  await expect(page.getByTestId('liq-card-saved-means')).toContainText(
    'still open after every mark price',
  )
  await expect(page.getByTestId('liq-card-stop')).toContainText('A stop at')
  await expect(page.getByTestId('liq-card-margin')).toContainText(
    `+${num(card.rescue!.extraMargin).toFixed(2)} USDT`,
  )
  await expect(page.getByTestId('liq-card-leverage')).toContainText(`${card.rescue!.maxLeverage}×`)
  expect(card.rescue!.maxLeverage).toBeLessThan(50)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.screenshot({ path: 'test-results/liquidation-card-1440-dark.png' })
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.screenshot({ path: 'test-results/liquidation-card-1280-dark.png' })
  // one time convention (issue 13.8): paused on the liquidation's bar, the header clock shows
  // the liquidation's stamp (the bar's close), as the card does
  await expect.poll(() => tape.frames.at(-1)?.status.playing).toBe(false)
  const stamp = new Date(liq.t).toISOString()
  await expect(page.getByTestId('replay-clock')).toHaveText(
    `${stamp.slice(0, 10)} ${stamp.slice(11, 19)}`,
  )
  await expect(cardEl).toContainText(`At ${stamp.slice(5, 10)} ${stamp.slice(11, 19)}`)
  await page.getByTestId('liq-card-ok').click()
  await expect(cardEl).toBeHidden()
  await expect.poll(() => tape.frames.at(-1)?.status.playing).toBe(false)

  const wallet = num(tape.accounts.at(-1)!.walletBalance)
  // Order History: the Liquidation order, filled at the fill price
  await page.getByTestId('tab-orderHistory').click()
  const liqOrder = page.locator('[data-testid=order-history-row][data-type=LIQUIDATION]')
  await expect(liqOrder).toHaveCount(1)
  await expect(liqOrder).toContainText('Liquidation')
  await expect(liqOrder.getByTestId('order-avg')).toHaveAttribute('data-value', liq.fillPrice)
  // Trade History: its fill
  await page.getByTestId('tab-tradeHistory').click()
  const liqTrade = page.locator('[data-testid=trade-row][data-role=Liquidation]')
  await expect(liqTrade).toHaveCount(1)
  await expect(liqTrade.getByTestId('trade-price')).toHaveAttribute('data-value', liq.fillPrice)
  // Transactions: every row sums to wallet − start, to the cent (margin transfers excluded)
  await page.getByTestId('tab-transactions').click()
  const rows = page.getByTestId('tx-row')
  await expect(rows.first()).toBeVisible()
  const amounts = await rows.evaluateAll((els) =>
    els
      .filter((e) => e.getAttribute('data-type') !== 'MARGIN_TRANSFER')
      .map((e) => e.getAttribute('data-value') ?? '0'),
  )
  const tx = amounts.reduce((a, x) => a.plus(x), new Decimal(0))
  expect(tx.toFixed(2)).toBe(wallet.minus(start).toFixed(2))
  await expect(page.locator('[data-testid=tx-row][data-type=INSURANCE_CLEAR]')).toHaveCount(1)
  // every row names its symbol, or "Account" for the wallet's own (never an empty cell)
  const symbols = await rows.evaluateAll((els) =>
    els.map((e) => e.querySelectorAll('td')[2]?.textContent?.trim() ?? ''),
  )
  expect(symbols.filter((x) => x === '')).toEqual([])
  await page.screenshot({ path: 'test-results/liquidation-transactions-1280-dark.png' })

  // the report: the liquidated trade's Exit is its fill price, its net PnL the wallet's move
  await page.getByTestId('replay-finish').click()
  await expect(page.getByTestId('report-trades')).toBeVisible()
  await expect(page.getByTestId('report-exit').first()).toHaveAttribute('data-value', liq.fillPrice)
  await expect(page.getByTestId('report-trades')).toContainText('liquidated')
  const net = await page.getByTestId('report-net').first().getAttribute('data-value')
  expect(num(net).toFixed(2)).toBe(wallet.minus(start).toFixed(2))
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByTestId('report-trades').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/liquidation-report-1440-dark.png' })
  await page.getByTestId('theme-toggle').click()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  await page.screenshot({ path: 'test-results/liquidation-report-1440-light.png' })
})
