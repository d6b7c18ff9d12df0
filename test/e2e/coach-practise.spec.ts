/**
 * Coach drill 5: the stress table's "Practise it" opens the crash path, rescaled to the
 * current prices, as a practice fork carrying the portfolio — and the fork fails when the
 * stress test said it would. Run as a user who switched the guardrails off to study how the
 * portfolio fails (otherwise the bottom line would close it before the crash liquidates it).
 */
import type { SessionSnapshot } from '../../shared/contract'
import type { StressReport } from '../../shared/contract/coach'
import { coachTab, market, openDesk, record } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off', viewport: { width: 1440, height: 1000 } })

test('coach drill 5: "Practise it" opens the crash path on your portfolio; it fails when the stress test said', async ({
  page,
  host,
}) => {
  test.setTimeout(150_000)
  const tape = record(page)
  await openDesk(page, host.url)
  expect((await market(page, tape, 'buy', '1.5')).accepted).toBe(true)
  await page.getByTestId('symbol-ETHUSDT').click()
  await expect(page.getByTestId('ticket-size')).toBeVisible()
  expect((await market(page, tape, 'sell', '5')).accepted).toBe(true)

  await coachTab(page, 'stress')
  let answers = tape.answers.length
  await page.getByTestId('stress-run').click()
  await expect(page.getByTestId('stress-table')).toBeVisible({ timeout: 60_000 })
  const report = tape.answers.slice(answers).find((a) => a.method === 'coach:stressTest')!
    .value as StressReport
  const crash = report.results.find((r) => r.liquidated)
  expect(crash, 'a bundled crash that liquidates this portfolio').toBeTruthy()

  answers = tape.answers.length
  await page.getByTestId(`stress-practice-${crash!.scenarioId}`).click()
  await expect
    .poll(() => tape.answers.slice(answers).some((a) => a.method === 'coach:practiseCrash'))
    .toBe(true)
  const fork = tape.answers.slice(answers).find((a) => a.method === 'coach:practiseCrash')!
    .value as SessionSnapshot
  // The fork is labelled as derived, and the desk now shows it with the same positions.
  expect(fork.scenario.title).toMatch(/^Stress: /)
  await expect(page.getByTestId('scenario-button')).toContainText('Stress: ')
  const sizes = Object.fromEntries(fork.account.positions.map((p) => [p.symbol, p.size]))
  expect(sizes).toEqual({ BTCUSDT: '1.5', ETHUSDT: '-5' })
  await page.getByTestId('tab-positions').click()
  await expect(page.locator('[data-testid="positions-table"] tbody tr')).toHaveCount(2)

  // Play it out: the liquidation comes at the offset the stress test reported (± one bar).
  await page.getByTestId('replay-speed').selectOption('max')
  await page.getByTestId('replay-play').click()
  await expect
    .poll(() => tape.frames.some((f) => f.events.some((e) => e.type === 'liquidation')), {
      timeout: 90_000,
    })
    .toBe(true)
  const liq = tape.frames.flatMap((f) => f.events).find((e) => e.type === 'liquidation')!
  const minutes = (liq.t - fork.scenario.start) / 60_000
  const barMinutes = crash!.scenarioId.includes('2020-03') ? 60 : 5
  expect(Math.abs(minutes - crash!.liquidatedAfterMinutes!)).toBeLessThanOrEqual(barMinutes)
  console.log(
    `coach drill 5: ${crash!.scenarioId} fork liquidated after ${minutes} min; stress test said ${crash!.liquidatedAfterMinutes} min`,
  )
  // The replay pauses on the liquidation (pause-on-liquidation is on by default, ee35de0);
  // played on, it runs to the end of the crash and the chart shows the whole fork.
  await expect(page.getByTestId('replay-play')).toHaveAttribute('data-playing', 'false')
  if (!(await page.getByTestId('replay-end').isVisible()))
    await page.getByTestId('replay-play').click()
  await expect(page.getByTestId('replay-end')).toBeVisible({ timeout: 30_000 })
  await page.waitForTimeout(1000)
  await page.screenshot({ path: 'test-results/coach-practise-fork.png' })
})
