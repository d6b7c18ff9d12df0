/**
 * Finds a Chromium for Playwright: $CHROMIUM_PATH, Debian's /usr/bin/chromium, or a
 * browser Playwright installed itself. `npx playwright install` cannot download here, so
 * when none exists we stop with instructions instead of a cryptic launch error.
 */
import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  for (const c of candidates) if (c && existsSync(c)) return c
  try {
    const own = chromium.executablePath()
    if (own && existsSync(own)) return own
  } catch {
    // Playwright has no browser of its own: fall through to the message below.
  }
  throw new Error(
    'No Chromium found for the end-to-end tests. Install one: `sudo apt-get install -y chromium` ' +
      '(Debian/Ubuntu), or set CHROMIUM_PATH=/path/to/chrome, or run `npx playwright install chromium`.',
  )
}
