/**
 * Issue 13.5: Finish ends the session for real — the ticket goes read-only and says why
 * (no "Command failed: This session has ended" on a click), and the session report opens.
 */
import { openDesk, record } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

test('Finish makes the desk read-only and opens the session report', async ({ page, host }) => {
  const tape = record(page)
  await openDesk(page, host.url)
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.010')
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('positions-table')).toContainText('BTCUSDT')
  await page.getByTestId('replay-step10').click()

  await page.getByTestId('replay-finish').click()
  await expect(page.getByTestId('ticket-closed')).toContainText('This session has ended')
  await expect(page.getByTestId('ticket-buy')).toBeDisabled()
  await expect(page.getByTestId('ticket-sell')).toBeDisabled()
  await expect(page.getByTestId('report-trades')).toBeVisible()
  await expect(page.getByTestId('replay-finish')).toHaveCount(0)
  const commands = tape.acks.length
  await page.getByTestId('ticket-buy').click({ force: true })
  await page.waitForTimeout(400)
  expect(tape.acks.length).toBe(commands) // nothing sent
  await expect(page.locator('[data-testid=toast][data-level=error]')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/finish-read-only.png' })
})
