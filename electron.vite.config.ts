import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

// The fixed top-level layout (electron/, renderer/) needs explicit entries: electron-vite
// looks for src/main, src/preload, src/renderer by default. The benchmark entry is built only
// in `--mode bench` (npm run bench), so the production bundle never carries it.
export default defineConfig(({ mode }) => ({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The host's utility process (electron/main/host-process.ts).
          'host-process': resolve(__dirname, 'electron/main/host-process.ts'),
          // The same host in plain Node, for the browser mode and the CLI.
          web: resolve(__dirname, 'electron/host/web.ts'),
          cli: resolve(__dirname, 'electron/host/cli/main.ts'),
          // Imports run on a worker thread (electron/host/data/import/run-in-worker.ts).
          'import-worker': resolve(__dirname, 'electron/host/data/import/import-worker.ts'),
          // Stress tests and session re-folds run on a worker thread (electron/host/work/).
          'work-worker': resolve(__dirname, 'electron/host/work/work-worker.ts'),
          ...(mode === 'bench' ? { bench: resolve(__dirname, 'test/bench/main.ts') } : {}),
        },
        // Dev-only tools the benches load from node_modules at run time.
        external: ['@playwright/test', 'playwright-core'],
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
}))
