// `npm test` bookends (issue 11 item 12): `snapshot` records the project-prefixed entries of
// the temp dir before the run; `check` fails if the run left new ones. Only entries created
// during this run count, so other runs on the same machine do not trip it (give each run its
// own TMPDIR for a clean signal; in CI it runs alone).
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const PREFIXES = ['pd-', 'perpdojo-', 'coach-', 'crash-', 'ws-', 'sweep-', 'run-']
const state = path.join(process.cwd(), 'node_modules', '.cache', 'perpdojo-temp-snapshot.json')

export function projectEntries(dir = os.tmpdir()) {
  return readdirSync(dir).filter((n) => PREFIXES.some((p) => n.startsWith(p)))
}

const mode = process.argv[2]
if (mode === 'snapshot') {
  // a fresh `npm ci` has no node_modules/.cache yet
  mkdirSync(path.dirname(state), { recursive: true })
  writeFileSync(state, JSON.stringify({ at: Date.now(), entries: projectEntries() }))
} else if (mode === 'check') {
  const snap = existsSync(state) ? JSON.parse(readFileSync(state, 'utf8')) : null
  if (!snap) {
    console.error('temp-check: no snapshot (run `node scripts/temp-check.mjs snapshot` first)')
    process.exit(2)
  }
  const before = new Set(snap.entries)
  const left = projectEntries().filter((n) => {
    if (before.has(n)) return false
    try {
      return statSync(path.join(os.tmpdir(), n)).birthtimeMs >= snap.at - 1000
    } catch {
      return false
    }
  })
  if (left.length > 0) {
    console.error(
      `temp-check: the test run left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in ${os.tmpdir()}:\n  ` +
        left.slice(0, 50).join('\n  '),
    )
    process.exit(1)
  }
  console.log(`temp-check: no temp folders left behind in ${os.tmpdir()}`)
}
