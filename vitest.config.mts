import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    // Each test file gets a private TMPDIR, removed when it ends (test/support/private-tmp.ts).
    setupFiles: ['test/support/private-tmp.ts', 'test/support/property-seed.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    reporters: process.env.CI_JSON
      ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
      : ['default'],
  },
})
