/**
 * Shared Playwright fixtures: a per-worker web host, and per-test guards that fail the
 * test on any console error, uncaught page error, or request that leaves loopback.
 */
import { test as base, expect } from '@playwright/test'
import { asReturningUser } from './returning-user'
import { startWebHost, type RunningHost } from './web-host'

export const test = base.extend<{ guards: void }, { host: RunningHost; coach: 'on' | 'off' }>({
  // The risk coach ships on; `test.use({ coach: 'off' })` runs a spec file as a user who
  // switched it off in settings before the session.
  coach: ['on', { scope: 'worker', option: true }],
  host: [
    async ({ coach }, use) => {
      const host = await startWebHost(undefined, { coach })
      await use(host)
      await host.stop()
    },
    { scope: 'worker' },
  ],
  guards: [
    async ({ page }, use) => {
      await asReturningUser(page)
      const problems: string[] = []
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`)
      })
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`))
      page.on('request', (req) => {
        const url = new URL(req.url())
        const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
        if (!loopback && !['data:', 'blob:'].includes(url.protocol)) {
          problems.push(`request left loopback: ${req.url()}`)
        }
      })
      await use()
      expect(problems, 'no console errors, page errors or off-machine requests').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }
