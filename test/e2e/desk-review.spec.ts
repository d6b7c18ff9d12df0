/**
 * Review and what-if: trade a little, finish, reopen the session in review, step decision by
 * decision (the account follows the engine's fold), and fork a what-if practice session.
 */
import { expect as baseExpect, test } from './support/fixtures'

const expect = baseExpect.configure({ timeout: 15_000 })

test('review a session decision by decision, then fork a what-if', async ({ page, host }) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—')
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.2')
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toBeVisible()
  await page.getByTestId('replay-step10').click()
  await page.getByTestId('position-BTCUSDT-BOTH').getByTestId('pos-close-50').click()
  await page.getByTestId('close-confirm').click() // market closes are confirmed by default
  await expect(page.getByTestId('position-BTCUSDT-BOTH').getByTestId('pos-size')).toHaveAttribute(
    'data-value',
    '0.1',
  )
  await page.getByTestId('replay-finish').click()
  await expect(page.getByTestId('replay-finish')).toHaveCount(0)

  await page.getByTestId('sessions-button').click()
  await page.getByTestId('session-list').locator('tr.cur').getByTestId('session-review').click()
  await expect(page.getByTestId('session-mode')).toHaveText('review')
  await expect(page.getByTestId('decisions')).toBeVisible()
  await expect(page.getByTestId('decisions').locator('tbody tr')).toHaveCount(2)

  // Before the first decision: flat. After it: long 0.2. After the second: 0.1.
  await page.getByTestId('decisions').getByRole('button', { name: 'Go' }).first().click()
  await page.getByTestId('tab-positions').click()
  await expect(page.getByTestId('position-BTCUSDT-BOTH').getByTestId('pos-size')).toHaveAttribute(
    'data-value',
    '0.2',
  )
  await page.getByTestId('tab-decisions').click()
  await page.getByTestId('decision-next').click()
  await page.getByTestId('tab-positions').click()
  await expect(page.getByTestId('position-BTCUSDT-BOTH').getByTestId('pos-size')).toHaveAttribute(
    'data-value',
    '0.1',
  )
  await page.getByTestId('tab-decisions').click()
  await page.screenshot({ path: 'test-results/desk-review-decisions.png' })

  // What-if: keep the entry, decide the exit differently.
  await page.getByTestId('decision-1').getByTestId('decision-fork').click()
  await expect(page.getByTestId('session-mode')).toHaveText('practice')
  await expect(page.getByTestId('position-BTCUSDT-BOTH').getByTestId('pos-size')).toHaveAttribute(
    'data-value',
    '0.2',
  )
  await page.screenshot({ path: 'test-results/desk-review-whatif-fork.png' })
})

test('session files: rename, duplicate, export, import and delete from the session list', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—')
  await page.getByTestId('ticket-tab-MARKET').click()
  await page.getByTestId('ticket-size').fill('0.1')
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toBeVisible()

  await page.getByTestId('sessions-button').click()
  const list = page.getByTestId('session-list')
  const rows = list.locator('tbody tr')
  // The dialog refreshes the list when it opens: count once it has settled.
  await expect(list.locator('tr.cur')).toBeVisible()
  await page.waitForTimeout(300)
  const before = await rows.count()
  const cur = list.locator('tr.cur')
  await cur.getByTestId('session-more').click()
  await cur.getByTestId('session-rename').click()
  await list.getByTestId('session-rename-input').fill('Drill: FTX long')
  await list.getByTestId('session-rename-input').press('Enter')
  await expect(list.locator('tr.cur')).toContainText('Drill: FTX long')

  await list.locator('tr.cur').getByTestId('session-more').click()
  await list.locator('tr.cur').getByTestId('session-duplicate').click()
  await expect(rows).toHaveCount(before + 1)

  await list.locator('tr.cur').getByTestId('session-more').click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    list.locator('tr.cur').getByTestId('session-export').click(),
  ])
  const file = await download.path()
  await list.getByTestId('session-import-input').setInputFiles(file)
  await expect(rows).toHaveCount(before + 2)
  await page.screenshot({ path: 'test-results/desk-session-files.png' })

  // Delete one of the copies (two clicks: the second confirms).
  const other = list.locator('tbody tr:not(.cur)').filter({ hasText: 'Drill: FTX long' }).first()
  await other.getByTestId('session-more').click()
  await other.getByTestId('session-delete').click()
  await other.getByTestId('session-delete').click()
  await expect(rows).toHaveCount(before + 1)
})

test('review → what-if from decision 5 of a rewound session keeps decisions 1-4', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—')
  await page.getByTestId('ticket-tab-MARKET').click()
  const size = page.getByTestId('ticket-size')
  const pos = page.getByTestId('position-BTCUSDT-BOTH').getByTestId('pos-size')
  // a first attempt, then Home: the rewind sets it aside and starts a new branch at the start
  await size.fill('0.5')
  await page.getByTestId('ticket-buy').click()
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toBeVisible()
  await page.getByTestId('replay-step10').click()
  await page.getByTestId('replay-rewind-start').click()
  await expect(page.getByTestId('replay-restore')).toBeEnabled()
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toHaveCount(0)
  // six decisions on the new branch: buy 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 (long 2.1 at the end)
  let total = 0
  for (let i = 1; i <= 6; i++) {
    total += i
    await size.fill((i / 10).toFixed(1))
    await page.getByTestId('ticket-buy').click()
    await expect(pos).toHaveAttribute('data-value', String(total / 10))
    await page.getByTestId('replay-step').click()
  }
  await page.getByTestId('replay-finish').click()
  await expect(page.getByTestId('replay-finish')).toHaveCount(0)

  await page.getByTestId('sessions-button').click()
  await page.getByTestId('session-list').locator('tr.cur').getByTestId('session-review').click()
  await expect(page.getByTestId('session-mode')).toHaveText('review')
  await expect(page.getByTestId('recovered')).toHaveCount(0)
  await expect(page.getByTestId('decisions').locator('tbody tr')).toHaveCount(6)

  // what-if from decision 5: decisions 1-4 are kept (long 0.1+0.2+0.3+0.4 = 1.0)
  await page.getByTestId('decision-4').getByTestId('decision-fork').click()
  await expect(page.getByTestId('session-mode')).toHaveText('practice')
  await expect(page.getByTestId('recovered')).toHaveCount(0)
  await page.getByTestId('tab-positions').click()
  await expect(pos).toHaveAttribute('data-value', '1')
  await page.screenshot({ path: 'test-results/desk-review-rewound-fork.png' })
})
