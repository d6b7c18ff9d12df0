/**
 * Importing from the desk in browser mode: open the import dialog (the `I` key), pick a
 * generated Binance kline CSV, watch upload → import progress (rows, rows/s), read the
 * summary, find the scenario in the crash library; then drop a bad file (synthetic
 * DataTransfer) and get its error with file:line:column and no scenario.
 *
 * Needs `<ImportHost />` mounted in App.vue (asserted).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures'

const T0 = Date.UTC(2024, 0, 1)
const HEADER =
  'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore'

/** `n` 1-minute Binance kline rows (12 columns), a gentle zig-zag around 42,000. */
function klines(n: number): string[] {
  const rows: string[] = []
  let p = 42000
  for (let i = 0; i < n; i++) {
    const t = T0 + i * 60_000
    const o = p
    const c = Math.round((p + ((i % 11) - 5) * 1.5) * 10) / 10
    rows.push(
      `${t},${o},${Math.max(o, c) + 2},${Math.min(o, c) - 2},${c},12.5,${t + 59_999},525000,40,6,262500,0`,
    )
    p = c
  }
  return rows
}

async function openDialog(page: Page) {
  await expect(page.getByTestId('desk')).toBeVisible()
  // The desk mounts the import host; if it ever stops doing so, this must fail, not skip.
  await expect(page.getByTestId('import-host')).toHaveCount(1)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('i')
  await expect(page.getByTestId('import-dialog')).toBeVisible()
}

test('import a Binance kline CSV from the desk, then a bad file', async ({ page, host }) => {
  test.setTimeout(120_000)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-e2e-import-'))
  try {
    // 210 days of minutes (302,400 rows, ~24 MB): long enough to watch the progress.
    const good = path.join(dir, 'BTCUSDT-1m-2024-01.csv')
    writeFileSync(good, [HEADER, ...klines(302_400)].join('\n') + '\n')

    await page.goto(host.url.replace('/#', '/?fresh#'))
    await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 15_000 })
    await openDialog(page)
    await expect(page.getByTestId('import-dropzone')).toBeVisible()

    await page.getByTestId('import-file-input').setInputFiles(good)
    await expect(page.getByTestId('import-file')).toHaveCount(1)
    await expect(page.getByTestId('import-file')).toContainText('BTCUSDT-1m-2024-01.csv')
    await expect(page.getByTestId('import-mapping')).toHaveCount(0)
    await page.getByTestId('import-title').fill('E2E BTC minutes')
    const t0 = Date.now()
    await page.getByTestId('import-start').click()

    // Progress: the bar moves through the upload, then rows and rows/s while importing.
    await expect(page.getByTestId('import-progress')).toBeVisible()
    await expect(page.getByTestId('import-progress')).toHaveAttribute('data-phase', 'importing', {
      timeout: 60_000,
    })
    const mb = statSync(good).size / 1024 ** 2
    console.log(`[import e2e] uploaded ${mb.toFixed(1)} MB in ${(Date.now() - t0) / 1000} s`)
    await expect(page.getByTestId('import-rate')).toHaveText(/[1-9][\d,]* rows\/s/, {
      timeout: 30_000,
    })
    await page.screenshot({ path: 'test-results/import-progress.png' })

    const summary = page.getByTestId('import-summary')
    await expect(summary).toBeVisible({ timeout: 60_000 })
    await expect(summary).toHaveAttribute('data-ok', 'true')
    await expect(page.getByTestId('import-verdict')).toContainText('E2E BTC minutes')
    await expect(page.getByTestId('import-sum-rows')).toHaveText('302,400')
    await expect(page.getByTestId('import-sum-gaps')).toHaveText('0')
    await expect(page.getByTestId('import-sum-ohlc')).toHaveText('0')
    await page.screenshot({ path: 'test-results/import-dialog-ok.png' })

    // A bad file, dropped (synthetic DataTransfer): high below close on line 5, text on line 7.
    await page.getByTestId('import-again').click()
    const rows = klines(30)
    const bad = rows[3]!.split(',')
    bad[2] = String(Number(bad[4]) - 10)
    rows[3] = bad.join(',')
    rows[5] = rows[5]!.replace(/^(\d+),[^,]+/, '$1,n/a')
    const badCsv = [HEADER, ...rows].join('\n') + '\n'
    await page.getByTestId('import-dropzone').evaluate((zone, text) => {
      const dt = new DataTransfer()
      dt.items.add(new File([text], 'ETHUSDT-1m-2024-02-01.csv', { type: 'text/csv' }))
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true }))
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }))
    }, badCsv)
    await expect(page.getByTestId('import-file')).toContainText('ETHUSDT-1m-2024-02-01.csv')
    await page.getByTestId('import-start').click()
    await expect(summary).toHaveAttribute('data-ok', 'false', { timeout: 30_000 })
    await expect(page.getByTestId('import-verdict')).toContainText('Nothing was imported')
    await expect(page.getByTestId('import-error-0')).toContainText(
      'ETHUSDT-1m-2024-02-01.csv:5:high',
    )
    await expect(page.getByTestId('import-error-0')).toHaveAttribute('data-code', 'OHLC_VIOLATION')
    await expect(page.getByTestId('import-error-1')).toContainText(
      'ETHUSDT-1m-2024-02-01.csv:7:open',
    )
    await expect(page.getByTestId('import-sum-ohlc')).toHaveText('1')
    await page.screenshot({ path: 'test-results/import-dialog.png' })

    // Close: the crash library lists the good import, and nothing from the bad file.
    await page.getByTestId('import-close').click()
    await expect(page.getByTestId('import-dialog')).toHaveCount(0)
    await page.getByTestId('scenario-button').click()
    const picker = page.getByTestId('scenario-picker')
    await expect(picker).toContainText('E2E BTC minutes')
    await expect(picker.getByText('(imported)')).toHaveCount(0) // the bad file's default title
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('files dropped anywhere on the desk open the dialog; odd names are skipped', async ({
  page,
  host,
}) => {
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await openDialog(page)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('import-dialog')).toHaveCount(0)
  await page.getByTestId('desk').evaluate((desk) => {
    const dt = new DataTransfer()
    dt.items.add(new File(['1,2,3'], 'BTCUSDT-1m-2024-03-01.csv', { type: 'text/csv' }))
    desk.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true }))
    desk.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true }))
  })
  await expect(page.getByTestId('import-dialog')).toBeVisible()
  await expect(page.getByTestId('import-file')).toContainText('BTCUSDT-1m-2024-03-01.csv')
  await page
    .getByTestId('import-file-input')
    .setInputFiles([{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') }])
  await expect(page.getByTestId('import-skipped')).toContainText('notes.txt')
  await expect(page.getByTestId('import-file')).toHaveCount(1)
  await expect(page.getByTestId('import-start')).toBeEnabled()
  await page.getByTestId('import-remove-0').click()
  await expect(page.getByTestId('import-file')).toHaveCount(0)
  await expect(page.getByTestId('import-start')).toBeDisabled()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('import-dialog')).toHaveCount(0)
})

test('a picked Binance download folder keeps its series (klines + markPriceKlines)', async ({
  page,
  host,
}) => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-e2e-tree-'))
  try {
    const tree = path.join(root, 'binance')
    const put = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true })
      writeFileSync(path.join(tree, rel), text)
    }
    put('futures/um/daily/klines/ETHUSDT/1m/ETHUSDT-1m-2024-01-01.csv', klines(1440).join('\n'))
    const hours = klines(1440).filter((_, i) => i % 60 === 0)
    // Hourly mark bars: same prices, on the hour (values need not match the minutes exactly).
    const mark = hours.map((r, h) => {
      const c = r.split(',')
      c[0] = String(T0 + h * 3_600_000)
      c[2] = String(Number(c[2]) + 50)
      c[3] = String(Number(c[3]) - 50)
      return c.join(',')
    })
    put('futures/um/daily/markPriceKlines/ETHUSDT/1h/ETHUSDT-1h-2024-01-01.csv', mark.join('\n'))
    put('.DS_Store', 'x')

    await page.goto(host.url.replace('/#', '/?fresh#'))
    await openDialog(page)
    await page.getByTestId('import-folder-input').setInputFiles(tree)
    await expect(page.getByTestId('import-file')).toHaveCount(2)
    await expect(page.getByTestId('import-files')).toContainText('mark price')
    await page.getByTestId('import-start').click()
    await expect(page.getByTestId('import-summary')).toHaveAttribute('data-ok', 'true', {
      timeout: 30_000,
    })
    await expect(page.getByTestId('import-files-read')).toContainText(
      'markPriceKlines/ETHUSDT-1h-2024-01-01.csv',
    )
    await expect(page.getByTestId('import-sum-rows')).toHaveText('1,464')
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})

test('a generic OHLCV CSV goes through the column-mapping step', async ({ page, host }) => {
  const lines = ['date,ticker,o,h,l,c,vol']
  for (let i = 0; i < 720; i++) {
    const o = 150 + (i % 9)
    lines.push(`${(T0 + i * 60_000) / 1000},SOL,${o},${o + 1.5},${o - 1},${o + 0.5},${10 + i}`)
  }
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await openDialog(page)
  await page.getByTestId('import-file-input').setInputFiles({
    name: 'sol-export.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.join('\n') + '\n'),
  })
  const mapping = page.getByTestId('import-mapping')
  await expect(mapping).toBeVisible()
  await expect(page.getByTestId('import-map-preview')).toContainText('ticker')
  // Guessed from the header: time #0, open #2 … volume #6; the symbol must be given.
  await expect(page.getByTestId('import-map-open')).toHaveValue('2')
  await expect(page.getByTestId('import-map-volume')).toHaveValue('6')
  await expect(page.getByTestId('import-start')).toBeDisabled()
  await page.getByTestId('import-map-symbol').fill('solusdt')
  await expect(page.getByTestId('import-map-symbol')).toHaveValue('SOLUSDT')
  await page.screenshot({ path: 'test-results/import-mapping.png' })
  await page.getByTestId('import-start').click()
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-ok', 'true', {
    timeout: 30_000,
  })
  await expect(page.getByTestId('import-sum-rows')).toHaveText('720')
  await expect(page.getByTestId('import-files-read')).toContainText('SOLUSDT')

  // The same data gzipped: the browser gunzips the head for the preview.
  await page.getByTestId('import-again').click()
  await page.getByTestId('import-file-input').setInputFiles({
    name: 'sol-export.csv.gz',
    mimeType: 'application/gzip',
    buffer: gzipSync(lines.join('\n') + '\n'),
  })
  await expect(page.getByTestId('import-map-preview')).toContainText('ticker')
  await expect(page.getByTestId('import-map-close')).toHaveValue('5')
})
