/**
 * Issue 13 item 9: a session file carries the whole session. Export from the Sessions dialog,
 * delete the session, import the file: the journal note and tag of its trade, its price
 * alert and its chart drawing come back with the commands (they used to stay behind in a
 * coach file keyed by the deleted id, which the delete also left on disk).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { crc32Hex } from '../../electron/host/session/journal'
import type { AlertState, Drawing } from '../../shared/contract/coach'
import type { SessionSummary } from '../../shared/contract/session'
import { coachTab, lastAnswer, market, openDesk, record, type Tape } from './support/coach'
import { onChart } from './support/chart'
import { expect as baseExpect, test } from './support/fixtures'
import { shoot } from './support/shots'

const expect = baseExpect.configure({ timeout: 15_000 })

const NOTE = 'Sold into the bounce; kept the stop under the low.'

interface Handle {
  drawings(): { kind: string }[]
  paneHeight(): number
}
const placed = (page: Page) => onChart(page, (h: Handle) => h.drawings().map((d) => d.kind))
const answered = <T>(tape: Tape, prefix: string) =>
  [...tape.answers].reverse().find((a) => a.method.startsWith(prefix))?.value as T | undefined

test('session file: export, delete, import brings back notes, tags, alerts and drawings', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await openDesk(page, host.url)
  const original = tape.sessionId!

  // A drawing on the chart: a horizontal line.
  const box = (await page.getByTestId('chart').first().boundingBox())!
  const h = await onChart(page, (x: Handle) => x.paneHeight())
  await page.getByTestId('draw-hline').click()
  await page.mouse.click(box.x + box.width * 0.3, box.y + h * 0.2)
  await expect.poll(() => answered<Drawing[]>(tape, 'drawings:')?.length).toBe(1)

  // One closed trade with a journal note and a tag.
  expect((await market(page, tape, 'buy', '0.1')).accepted).toBe(true)
  const frames = tape.frames.length
  await page.getByTestId('replay-step').click()
  await expect.poll(() => tape.frames.length).toBeGreaterThan(frames)
  await page.getByTestId('tab-positions').click()
  await page.getByTestId('pos-close-market').click()
  const confirm = page.getByTestId('close-confirm')
  if (await confirm.count()) await confirm.click()
  await expect(page.getByTestId('position-BTCUSDT-BOTH')).toHaveCount(0)
  await coachTab(page, 'report')
  await page.getByTestId('report-refresh').click()
  const trades = page.getByTestId('report-trades')
  await expect(trades.locator('tbody tr')).toHaveCount(1)
  await trades.getByRole('button', { name: 'note' }).click()
  await page.getByTestId('journal-note').fill(NOTE)
  await trades.getByLabel('plan followed').check()
  await page.getByTestId('journal-save').click()
  await expect(page.getByTestId('report-note')).toHaveText(NOTE)
  await expect(page.getByTestId('report-tags')).toContainText('plan followed')

  // A price alert well below the market (it stays armed).
  const last = Number((await page.getByTestId('last-price').innerText()).replace(/,/g, ''))
  const level = (Math.round(last * 0.8 * 10) / 10).toFixed(1)
  await coachTab(page, 'alerts')
  await page.getByTestId('alert-price').fill(level)
  await page.getByTestId('alert-add').click()
  await expect.poll(() => answered<AlertState[]>(tape, 'alerts:')?.length).toBe(1)
  const alertId = answered<AlertState[]>(tape, 'alerts:')![0]!.spec.id
  const coachFile = path.join(host.dataDir, 'coach', 'sessions', `${original}.json`)
  await expect.poll(() => existsSync(coachFile)).toBe(true)

  // Export it from the Sessions dialog.
  await page.getByTestId('sessions-button').click()
  const list = page.getByTestId('session-list')
  const row = list.getByTestId(`session-${original}`)
  await row.getByTestId('session-more').click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByTestId('session-export').click(),
  ])
  const file = await download.path()
  await page.keyboard.press('Escape')
  await expect(list).toBeHidden()

  // Move to another session, then delete the exported one (two clicks: the second confirms).
  await page.getByTestId('scenario-button').click()
  await page.getByTestId('scenario-ftx-2022-11').click()
  await page.getByTestId('scenario-start').click()
  await expect.poll(() => tape.sessionId).not.toBe(original)
  await page.getByTestId('sessions-button').click()
  await row.getByTestId('session-more').click()
  await row.getByTestId('session-delete').click()
  await row.getByTestId('session-delete').click()
  await expect(row).toHaveCount(0)
  // Its side file went with it.
  await expect.poll(() => existsSync(coachFile)).toBe(false)
  expect(existsSync(path.join(host.dataDir, 'sessions', original))).toBe(false)

  // Import the file: a new session, everything back under its new id.
  const imports = tape.answers.filter((a) => a.method === 'session:import').length
  await list.getByTestId('session-import-input').setInputFiles(file)
  await expect
    .poll(() => tape.answers.filter((a) => a.method === 'session:import').length)
    .toBeGreaterThan(imports)
  const imported = lastAnswer<SessionSummary>(tape, 'session:import')!
  expect(imported.id).not.toBe(original)
  expect(imported.commands).toBe(2)
  const newRow = list.getByTestId(`session-${imported.id}`)
  await expect(newRow).toBeVisible()
  await page.screenshot({ path: 'test-results/session-file-list.png' })
  await newRow.getByTestId('session-open').click()
  await expect(list).toBeHidden()
  await expect.poll(() => tape.sessionId).toBe(imported.id)

  // The drawing, the alert, and the note with its tag are visible again.
  await expect.poll(() => placed(page)).toEqual(['hline'])
  await coachTab(page, 'alerts')
  await expect(page.getByTestId(`alert-${alertId}`)).toContainText(
    Number(level).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  )
  await coachTab(page, 'report')
  await page.getByTestId('report-refresh').click()
  await expect(page.getByTestId('report-note')).toHaveText(NOTE)
  await expect(trades.locator('.tag')).toHaveText(['plan followed'])
  await expect(page.getByTestId('report-tags')).toContainText('plan followed')
  // Shot with the report maximised and the note in view.
  await page.getByTestId('bottom-maximise').click()
  await page.getByTestId('report-note').scrollIntoViewIfNeeded()
  await shoot(page, 'session-file-imported', undefined, [[1440, 900]])
})

test('session file: a damaged coach part is refused whole with the field at fault, nothing imported', async ({
  page,
  host,
}) => {
  const tape = record(page)
  await page.setViewportSize({ width: 1440, height: 900 })
  await openDesk(page, host.url)
  const id = tape.sessionId!
  // The dialog refreshes the list when it opens: count rows once that answer is in.
  const lists = tape.answers.filter((a) => a.method === 'session:list').length
  await page.getByTestId('sessions-button').click()
  await expect
    .poll(() => tape.answers.filter((a) => a.method === 'session:list').length)
    .toBeGreaterThan(lists)
  const list = page.getByTestId('session-list')
  const row = list.getByTestId(`session-${id}`)
  await row.getByTestId('session-more').click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByTestId('session-export').click(),
  ])
  const content = readFileSync(await download.path(), 'utf8')
  // A drawing on a symbol the scenario does not have, under a right checksum: only the
  // field check can catch it.
  const start = content.lastIndexOf('\n', content.length - 2) + 1
  const line = JSON.parse(content.slice(start + 9, -1)) as { data: { drawings: unknown[] } }
  line.data.drawings.push({
    id: 'x1',
    kind: 'hline',
    symbol: 'LUNAUSDT',
    points: [{ t: 1, price: '80' }],
  })
  const json = JSON.stringify(line)
  const hostile = `${content.slice(0, start)}${crc32Hex(Buffer.from(json, 'utf8'))} ${json}\n`
  const rows = await list.locator('tbody tr').count()
  await list.getByTestId('session-import-input').setInputFiles({
    name: 'hostile.perpdojo-session',
    mimeType: 'application/json',
    buffer: Buffer.from(hostile, 'utf8'),
  })
  const toast = page.getByTestId('toast').filter({ hasText: 'Import session' })
  await expect(toast).toContainText('coach part')
  await expect(toast).toContainText('nothing was imported')
  await expect(toast).toContainText('LUNAUSDT is not a symbol of this session')
  await expect(list.locator('tbody tr')).toHaveCount(rows)
  expect(tape.answers.some((a) => a.method === 'session:import')).toBe(false)
  await page.screenshot({ path: 'test-results/session-file-hostile.png' })
})
