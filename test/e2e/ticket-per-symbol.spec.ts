/**
 * Issue 13.2: the ticket is kept per symbol (size, price, order type, TP/SL), a USDT unit switch
 * converts at the price it names (rounded, saying so), and a new session — a blind exam included
 * — starts every ticket empty.
 */
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

test('each symbol keeps its own ticket; a unit switch converts; a new session clears them', async ({
  page,
  host,
}) => {
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 20_000 })
  const size = page.getByTestId('ticket-size')
  const price = page.getByTestId('ticket-price')

  // BTC: a limit at a price of its own, 0.4 BTC, with a stop
  await page.getByTestId('ticket-tab-LIMIT').click()
  await price.fill('18000')
  await size.fill('0.4')
  await page.getByTestId('ticket-tpsl').check()
  await page.getByTestId('ticket-sl').fill('17000')

  // ETH: its own empty ticket at its own price level, never 0.4 "ETH" or 18,000
  await page.getByTestId('symbol-ETHUSDT').click()
  await expect(page.getByTestId('ticket-unit').locator('option').first()).toHaveText('ETH')
  await expect(size).toHaveValue('')
  await expect(price).not.toHaveValue('18000')
  expect(Number(await price.inputValue())).toBeLessThan(5000)
  await expect(page.getByTestId('ticket-tpsl')).not.toBeChecked()
  await page.getByTestId('ticket-tab-MARKET').click()
  await size.fill('2')

  // back to BTC: its ticket as left
  await page.getByTestId('symbol-BTCUSDT').click()
  await expect(page.getByTestId('ticket-tab-LIMIT')).toHaveClass(/on/)
  await expect(price).toHaveValue('18000')
  await expect(size).toHaveValue('0.4')
  await expect(page.getByTestId('ticket-sl')).toHaveValue('17000')

  // coin → USDT converts at the limit price: 0.4 × 18,000 = 7,200.00, and says so
  await page.getByTestId('ticket-unit').selectOption('USDT')
  await expect(size).toHaveValue('7200.00')
  await expect(page.getByTestId('ticket-unit-note')).toHaveText(
    '0.4 BTC = 7200.00 USDT at 18,000.0 (your limit price).',
  )
  // USDT → coin rounds down to the lot: 1,000 USDT / 18,000 = 0.0555… → 0.055
  await size.fill('1000')
  await expect(page.getByTestId('ticket-unit-note')).toHaveCount(0)
  await page.getByTestId('ticket-unit').selectOption('COIN')
  await expect(size).toHaveValue('0.055')
  await expect(page.getByTestId('ticket-unit-note')).toHaveText(
    '1000 USDT = 0.055 BTC at 18,000.0 (your limit price), rounded down to the 0.001 lot.',
  )
  await page
    .getByTestId('order-ticket')
    .screenshot({ path: 'test-results/ticket-unit-convert.png' })

  // ETH kept its market tab and 2 ETH
  await page.getByTestId('symbol-ETHUSDT').click()
  await expect(page.getByTestId('ticket-tab-MARKET')).toHaveClass(/on/)
  await expect(size).toHaveValue('2')

  // A blind exam is a new session: nothing typed carries over, on any symbol
  await page.getByTestId('scenario-button').click()
  await page.getByTestId('scenario-ftx-2022-11').click()
  await page.getByTestId('new-mode-exam').check()
  await page.getByTestId('new-blind').check()
  await page.getByTestId('scenario-start').click()
  await expect(page.getByTestId('session-mode')).toHaveText('exam')
  await expect(size).toHaveValue('')
  await page.getByTestId('ticket-tab-LIMIT').click()
  const examPrice = await price.inputValue()
  expect(examPrice).not.toBe('18000')
  await price.fill('123.45')
  await size.fill('3')

  // … and the exam's limit price does not follow into the next session
  await page.getByTestId('scenario-button').click()
  await page.getByTestId('scenario-ftx-2022-11').click()
  await page.getByTestId('new-mode-practice').check()
  await page.getByTestId('scenario-start').click()
  await expect(page.getByTestId('session-mode')).toHaveText('practice')
  await page.getByTestId('ticket-tab-LIMIT').click()
  await expect(size).toHaveValue('')
  await expect(price).not.toHaveValue('123.45')
  await expect(page.getByTestId('ticket-sl')).toHaveCount(0)
})
