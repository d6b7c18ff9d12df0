/**
 * Issue 13.7a: review lists a rejected command as rejected, with the engine's code and reason,
 * apart from the decisions; before 13.7 "Remove 2000 USDT margin" and "leverage 5x" read as
 * decisions taken. The desk no longer sends these (its previews disable Confirm), so the two
 * refused commands come from a second client of the same host (the CLI's path, or an older
 * build's journal): the journal keeps every command the engine answered, refused ones included.
 */
import { hostCall, market, openDesk, record, setIsolated, setLeverage } from './support/coach'
import { expect as baseExpect, test } from './support/fixtures'
import type { CommandAck } from '../../shared/contract'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })
test.use({ coach: 'off' })

test('review marks rejected commands with their code, apart from the decisions', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await openDesk(page, host.url)
  await setIsolated(page) // decision 1
  await setLeverage(page, 10) // decision 2
  expect((await market(page, tape, 'buy', '0.05')).accepted).toBe(true) // decision 3
  const pos = page.getByTestId('position-BTCUSDT-BOTH')
  await expect(pos.getByTestId('pos-size')).toHaveAttribute('data-value', '0.05')
  const sessionId = tape.sessionId!
  const send = (command: unknown) =>
    hostCall<CommandAck>(page, host.token, 'session:command', { sessionId, command })

  // The two refused commands, each answered with its code (the review must say the same).
  const remove = await send({
    kind: 'adjustMargin',
    symbol: 'BTCUSDT',
    positionSide: 'BOTH',
    action: 'REMOVE',
    amount: '2000',
  })
  expect(remove.accepted).toBe(false)
  expect(remove.rejection?.code).toBe(-4051)
  const lower = await send({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 5 })
  expect(lower.accepted).toBe(false)
  expect(lower.rejection?.code).toBe(-4161)

  // One more decision the engine took, after the refused ones: the close of half the position.
  await page.getByTestId('replay-step').click()
  await pos.getByTestId('pos-close-50').click()
  await page.getByTestId('close-confirm').click()
  await expect(pos.getByTestId('pos-size')).toHaveAttribute('data-value', '0.025')

  await page.getByTestId('replay-finish').click()
  await expect(page.getByTestId('replay-finish')).toHaveCount(0)
  await page.getByTestId('sessions-button').click()
  await page.getByTestId('session-list').locator('tr.cur').getByTestId('session-review').click()
  await expect(page.getByTestId('session-mode')).toHaveText('review')
  const decisions = page.getByTestId('decisions')
  await expect(decisions.locator('tbody tr')).toHaveCount(6)

  // 1-3 and 6 were taken; 4 and 5 were refused and say so with the engine's code and reason.
  for (const i of [0, 1, 2, 5]) {
    await expect(decisions.getByTestId(`decision-${i}`)).not.toHaveClass(/rejected/)
    await expect(
      decisions.getByTestId(`decision-${i}`).getByTestId('decision-rejected'),
    ).toHaveCount(0)
  }
  const removed = decisions.getByTestId('decision-3')
  await expect(removed).toHaveClass(/rejected/)
  await expect(removed.locator('.what')).toHaveText('Remove 2000 USDT margin BTCUSDT')
  await expect(removed.getByTestId('decision-rejected')).toHaveText(
    `Rejected (-4051): ${remove.rejection!.message}`,
  )
  const lev = decisions.getByTestId('decision-4')
  await expect(lev).toHaveClass(/rejected/)
  await expect(lev.locator('.what')).toHaveText('BTCUSDT leverage 5x')
  await expect(lev.getByTestId('decision-rejected')).toHaveText(
    `Rejected (-4161): ${lower.rejection!.message}`,
  )
  // The struck-through look is what sets them apart at a glance.
  await expect(removed.locator('.what')).toHaveCSS('text-decoration-line', 'line-through')
  await expect(decisions.getByTestId('decision-5').locator('.what')).toHaveCSS(
    'text-decoration-line',
    'none',
  )
  // The count is of decisions taken; the refused commands are said apart.
  await expect(page.getByTestId('decisions-count')).toContainText(
    'decisions replayed · 2 rejected commands (not counted)',
  )
  await expect(page.getByTestId('decisions-count')).toContainText('/ 4 decisions replayed')
  await shoot(page, 'review-rejected')
})
