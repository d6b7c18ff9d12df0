/**
 * "Get market data…" from the desk against a local archive on 127.0.0.1 (the host is started
 * with the test-only PERPDOJO_TEST_ARCHIVE_URL; nothing leaves loopback, as the fixture's guard
 * checks): a corrupted file, a 404, a slow answer and a dropped connection each show their file
 * and reason and import nothing; the next attempt resumes and imports, the scenario shows in the
 * library and opens. The setting hides the feature.
 */
import type { Page } from '@playwright/test'
import { startArchiveServer, type ArchiveServer } from '../host/download/archive-server'
import { expect, test } from './support/fixtures'
import { startWebHost, type RunningHost } from './support/web-host'

let archive: ArchiveServer
let host: RunningHost

test.beforeAll(async () => {
  archive = await startArchiveServer()
  host = await startWebHost(undefined, {
    env: { PERPDOJO_TEST_ARCHIVE_URL: archive.url, PERPDOJO_TEST_ARCHIVE_IDLE_MS: '1500' },
  })
})
test.afterAll(async () => {
  await host?.stop()
  await archive?.close()
})

const KLINES = 'data/futures/um/daily/klines/BTCUSDT/1m/BTCUSDT-1m-2025-10-10.zip'

async function attempt(page: Page, from: string, to: string) {
  await page.getByTestId('download-from').fill(from)
  await page.getByTestId('download-to').fill(to)
  await page.getByTestId('download-start').click()
  await expect(page.getByTestId('download-summary')).toBeVisible({ timeout: 30_000 })
}

test('get market data: every failure is reported, nothing partial is imported, then it resumes and imports', async ({
  page,
}) => {
  test.setTimeout(120_000)
  await page.goto(host.url.replace('/#', '/?fresh#'))
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 15_000 })
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('i')
  await page.getByTestId('get-market-data').click()
  await expect(page.getByTestId('download-dialog')).toBeVisible()
  await expect(page.getByTestId('download-dialog')).toContainText('data.binance.vision')
  await page.getByTestId('download-symbols').fill('BTCUSDT')

  const cases: [string, string, string, RegExp][] = [
    ['corrupt', '2025-10-10', 'CHECKSUM_MISMATCH', /checksum mismatch/],
    ['none', '2025-10-08', 'NOT_FOUND', /not in the archive/],
    ['slow', '2025-10-10', 'TIMEOUT', /timed out/],
    ['drop-once', '2025-10-10', 'CONNECTION_DROPPED', /connection dropped/],
  ]
  for (const [fault, day, outcome, text] of cases) {
    if (fault !== 'none') archive.faults.set(KLINES, fault as 'corrupt')
    await attempt(page, day, day)
    await expect(page.getByTestId('download-summary')).toContainText('Nothing was imported')
    await expect(page.getByTestId(`download-file-${outcome}`)).toContainText(text)
    if (fault === 'corrupt') await page.screenshot({ path: 'test-results/download-failed.png' })
    if (fault !== 'drop-once') archive.faults.delete(KLINES)
    await page.getByTestId('download-again').click()
  }

  // The dropped file resumes from its part (a Range request), then everything imports.
  archive.log.length = 0
  await attempt(page, '2025-10-10', '2025-10-10')
  await expect(page.getByTestId('download-summary')).toContainText('Imported as')
  expect(archive.log.find((l) => l.path === KLINES)?.range).toMatch(/^bytes=[1-9]\d*-$/)
  await expect(page.getByTestId('download-file-downloaded')).toHaveCount(3)
  await page.screenshot({ path: 'test-results/download-done.png' })
  await page.getByTestId('download-open').click()
  await expect(page.getByTestId('download-dialog')).toHaveCount(0)
  await expect(page.getByTestId('last-price')).not.toHaveText('—', { timeout: 15_000 })

  // The scenario is in the library.
  await page.getByTestId('scenario-button').click()
  await expect(page.getByTestId('scenario-picker')).toContainText('BTCUSDT 2025-10-10')
  await page.getByTestId('modal-close').click()

  // The setting hides the feature (and the host refuses it).
  await page.keyboard.press('i')
  await page.getByTestId('download-enabled').uncheck()
  await expect(page.getByTestId('get-market-data')).toHaveCount(0)
})
