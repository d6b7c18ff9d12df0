/**
 * Issue 11 item 3 through the real entry point: a second `npm run web` on the data folder of
 * a running one refuses with one clear paragraph naming the other process, and exits 1.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { startWebHost } from './support/web-host'

test('a second browser-mode host on the same data folder refuses to start', async () => {
  const first = await startWebHost()
  try {
    const root = path.resolve(__dirname, '..', '..')
    const second = spawnSync(process.execPath, [path.join(root, 'out/main/web.js'), '--port=0'], {
      env: { ...process.env, PERPDOJO_DATA_DIR: first.dataDir },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(second.status).toBe(1)
    expect(second.stderr).toContain('Another PerpDojo (browser mode, process')
    expect(second.stderr).toContain(first.dataDir)
    expect(second.stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(second.stdout).not.toContain('is running')
  } finally {
    await first.stop()
  }
})
