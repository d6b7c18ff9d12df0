import { defineConfig } from '@playwright/test'
import { chromiumExecutable } from './test/e2e/support/chromium'

// Playwright drives the real renderer build served by the real Node host (browser mode).
// Each worker starts its own host with its own data folder (test/e2e/support/fixtures.ts).
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright-artifacts',
  timeout: 90_000,
  workers: process.env.CI ? 2 : undefined,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
})
