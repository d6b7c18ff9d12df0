/**
 * Issue 14 item 5: a trailing stop from the ticket (callback rate, activation price) reaches
 * the engine as TRAILING_STOP_MARKET and is drawn on the chart at its activation price.
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
