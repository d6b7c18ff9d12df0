/**
 * The real Electron app, end to end. Electron >= 42 downloads its binary lazily, and this
 * workplace cannot download it, so the test runs only where the binary exists and
 * otherwise skips, saying why (never pretending to have run).
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

function electronBinary(): { path?: string; why?: string } {
  const pkgDir = path.resolve(__dirname, '..', '..', 'node_modules', 'electron')
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist')
  const pathTxt = path.join(pkgDir, 'path.txt')
  if (!existsSync(pathTxt) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return {
      why: `no Electron binary: ${pathTxt} is missing (run \`npx install-electron\` with internet access)`,
    }
  }
  const rel = existsSync(pathTxt) ? readFileSync(pathTxt, 'utf8').trim() : 'electron'
  const bin = path.join(dist, rel)
  return existsSync(bin) ? { path: bin } : { why: `no Electron binary at ${bin}` }
}

const binary = electronBinary()

test('the Electron app opens a secure window on the bundled crash scenario', async () => {
  if (!binary.path) console.log(`[electron e2e] skipped: ${binary.why}`)
  test.skip(!binary.path, binary.why)
  const app = await electron.launch({
    executablePath: binary.path!,
    args: [path.resolve(__dirname, '..', '..')],
    env: { ...process.env, PERPDOJO_DATA_DIR: path.resolve('test-results', 'electron-data') },
  })
  const page = await app.firstWindow()
  await expect(page.getByTestId('chart')).toBeVisible()
  // Isolation as the page sees it: no Node globals, only the contract bridge.
  const seen = await page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    bridge: Object.keys((window as unknown as { perpdojo: object }).perpdojo).sort(),
  }))
  expect(seen).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on'] })
  await page.screenshot({ path: 'test-results/electron-desk.png' })
  await app.close()
})
