/**
 * Issue 13.3: playback stops on the user's own liquidation at any speed. A 50x isolated long
 * in the FTX crash, played at max speed: the replay pauses at the liquidation's bar (not at
 * the end of the scenario), the liquidation is on screen, and the setting can be turned off.
 */
import { openDesk, record } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 30_000 })
test.use({ coach: 'off' })

test('max-speed playback pauses at the bar of my own liquidation', async ({ page, host }) => {
  const tape = record(page)
  await openDesk(page, host.url)
  await page.getByTestId('margin-mode-button').click()
  await page.getByTestId('margin-mode-isolated').click()
  await page.getByTestId('margin-mode-confirm').click()
  await page.getByTestId('leverage-button').click()
  await page.getByTestId('leverage-input').fill('50x')
  await page.getByTestId('leverage-input').press('Enter')
  await page.getByTestId('leverage-confirm').click()
  await expect(page.getByTestId('leverage-button')).toHaveText('50x')
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.5')
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('positions-table')).toContainText('BTCUSDT')
  await expect(page.getByTestId('replay-pause-liquidation')).toBeChecked()

  await page.getByTestId('replay-speed').selectOption('max')
  await page.getByTestId('replay-play').click()
  await expect.poll(() => tape.events.some((e) => e.type === 'liquidation')).toBe(true)
  await expect.poll(() => tape.frames.at(-1)?.status.playing).toBe(false)
  await page.waitForTimeout(500)
  const liq = tape.events.find((e) => e.type === 'liquidation')!
  const last = tape.frames.at(-1)!.status
  expect(last.atEnd).toBe(false)
  // stopped on the liquidation's bar, not after it: the status's replay time is that bar's
  // close, the liquidation's stamp (issue 13.8: one time convention)
  expect(last.t).toBe(liq.t)
  await expect(page.locator('[data-testid=toast][data-level=liquidation]').first()).toBeVisible()
  await page.screenshot({ path: 'test-results/pause-on-liquidation.png' })

  // the setting turns it off (and says so in the status)
  await page.getByTestId('replay-pause-liquidation').uncheck()
  await expect(page.getByTestId('replay-pause-liquidation')).not.toBeChecked()
  await expect
    .poll(() =>
      tape.answers.some(
        (a) =>
          a.method === 'replay:control' &&
          (a.value as { pauseOnLiquidation?: boolean }).pauseOnLiquidation === false,
      ),
    )
    .toBe(true)
})
