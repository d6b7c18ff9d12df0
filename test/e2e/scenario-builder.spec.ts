/**
 * Issue 15 item 5, the scenario builder drill: import a folder (BTC + ETH minutes), open the
 * library, build a scenario from the import (ETH only, a window, a replay start, title and
 * briefing; the form refuses a missing title and a replay start outside the window first),
 * find it in the library beside the bundled ones, open it and see the replay start at the chosen
 * minute with the history before it. Screenshots of the builder at 1280×800.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from './support/fixtures'
import { record } from './support/coach'

const T0 = Date.UTC(2024, 0, 1)
const HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'

/** `n` 1-minute Binance kline rows around `p0`. */
function klines(n: number, p0: number): string {
  const rows = [HEADER]
  let p = p0
  for (let i = 0; i < n; i++) {
    const t = T0 + i * 60_000
    const c = Math.round((p + ((i % 13) - 6) * (p0 / 20000)) * 100) / 100
    const r2 = (x: number) => Math.round(x * 100) / 100
    const hi = r2(Math.max(p, c) + p0 / 10000)
    const lo = r2(Math.min(p, c) - p0 / 10000)
    rows.push(`${t},${p},${hi},${lo},${c},12.5,${t + 59_999},525000,40,6,262500,0`)
    p = c
  }
  return rows.join('\n') + '\n'
}

test('build a scenario from an imported folder, find it in the library, replay from its start', async ({
  page,
  host,
}) => {
  test.setTimeout(120_000)
  const tape = record(page)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-e2e-builder-'))
  try {
    writeFileSync(path.join(dir, 'BTCUSDT-1m-2024-01-01.csv'), klines(1440, 42000))
    writeFileSync(path.join(dir, 'ETHUSDT-1m-2024-01-01.csv'), klines(1440, 2300))
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(host.url.replace('/#', '/?fresh#'))
    await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 20_000 })

    // 1. import the folder
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press('i')
    await page.getByTestId('import-folder-input').setInputFiles(dir)
    await expect(page.getByTestId('import-file')).toHaveCount(2)
    await page.getByTestId('import-title').fill('E2E source day')
    await page.getByTestId('import-start').click()
    await expect(page.getByTestId('import-summary')).toHaveAttribute('data-ok', 'true', {
      timeout: 30_000,
    })
    await page.getByTestId('import-close').click()

    // 2. the library → Build a scenario… from the import
    await page.getByTestId('scenario-button').click()
    const picker = page.getByTestId('scenario-picker')
    await picker.getByText('E2E source day').click()
    await page.getByTestId('scenario-build').click()
    const b = page.getByTestId('scenario-builder')
    await expect(b).toBeVisible()
    await expect(page.getByTestId('builder-source').locator('option:checked')).toHaveText(
      /E2E source day/,
    )
    await expect(page.getByTestId('builder-range')).toContainText('2024-01-01 00:00')
    await page.getByTestId('builder-symbol-BTCUSDT').uncheck()
    await page.getByTestId('builder-start').fill('2024-01-01T02:00')
    await page.getByTestId('builder-end').fill('2024-01-01T12:00')
    // the form says what is wrong before the host is asked
    await page.getByTestId('builder-replay').fill('2024-01-01T13:00')
    await expect(page.getByTestId('builder-problems')).toContainText(
      'The replay must start inside the window.',
    )
    await expect(page.getByTestId('builder-problems')).toContainText('Give the scenario a title.')
    await expect(page.getByTestId('builder-save')).toBeDisabled()
    await page.screenshot({ path: 'test-results/scenario-builder-problems-1280.png' })
    await page.getByTestId('builder-replay').fill('2024-01-01T06:00')
    await page.getByTestId('builder-title').fill('E2E ETH morning')
    await page.getByTestId('builder-briefing').fill('ETH only: four hours of history, then play.')
    await expect(page.getByTestId('builder-problems')).toHaveCount(0)
    await page.screenshot({ path: 'test-results/scenario-builder-1280.png' })
    await page.getByTestId('builder-save').click()

    // 3. back in the library, beside the bundled scenarios, selected
    await expect(b).toHaveCount(0)
    await expect(picker).toBeVisible()
    await expect(page.getByTestId('scenario-built-e2e-eth-morning')).toBeVisible()
    await expect(page.getByTestId('scenario-ftx-2022-11')).toBeVisible()
    await expect(page.getByTestId('scenario-briefing')).toHaveText(
      'ETH only: four hours of history, then play.',
    )
    await expect(page.getByTestId('scenario-replay-from')).toContainText('2024-01-01 06:00')
    await page.screenshot({ path: 'test-results/scenario-builder-library-1280.png' })

    // 4. open it: the replay starts at 06:00 with ETH alone, the hours before are history
    await page.getByTestId('scenario-start').click()
    await expect(picker).toHaveCount(0)
    await expect(page.getByTestId('symbol-ETHUSDT')).toBeVisible()
    await expect(page.getByTestId('symbol-BTCUSDT')).toHaveCount(0)
    await expect(page.getByTestId('replay-clock')).toContainText('2024-01-01 06:0')
    const created = tape.answers.filter((a) => a.method === 'session:create').at(-1)!.value as {
      status: { t: number }
    }
    expect(created.status.t).toBeGreaterThanOrEqual(T0 + 6 * 3_600_000)
    expect(created.status.t).toBeLessThan(T0 + 6 * 3_600_000 + 2 * 60_000)
    await page.screenshot({ path: 'test-results/scenario-builder-desk-1280.png' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
