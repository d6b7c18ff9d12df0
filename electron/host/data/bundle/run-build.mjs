// Dev entry: node electron/host/data/bundle/run-build.mjs [dataDir] [outDir]
// Loads the TypeScript builder through Vite's module runner (no separate TS runner needed).
import { runnerImport } from 'vite'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../../../..')
const dataDir = process.argv[2] ?? path.resolve(root, '../shared/data')
const outDir = process.argv[3] ?? path.join(root, 'resources/scenarios')
const { module } = await runnerImport(path.join(root, 'electron/host/data/bundle/build-bundle.ts'))
const manifests = await module.buildBundle(dataDir, outDir)
for (const m of manifests) console.log(m.id, '—', m.briefing)
