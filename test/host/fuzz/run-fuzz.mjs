// `npm run fuzz`: bundles the fuzzer (TypeScript) with rolldown into a temp folder and runs it.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../../..')
// Inside node_modules so the bundle still resolves rolldown (which the harness uses).
const cache = path.join(root, 'node_modules', '.cache')
mkdirSync(cache, { recursive: true })
const dir = mkdtempSync(path.join(cache, 'pd-fuzz-run-'))
try {
  const file = path.join(dir, 'fuzz-main.mjs')
  await build({
    input: path.join(here, 'fuzz-main.ts'),
    platform: 'node',
    logLevel: 'silent',
    external: ['rolldown'],
    output: { file, format: 'esm' },
  })
  const r = spawnSync(process.execPath, [file, root], { stdio: 'inherit', cwd: root })
  process.exitCode = r.status ?? 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
