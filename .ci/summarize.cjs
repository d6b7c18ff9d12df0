// Sums the vitest and Playwright JSON reports into CI's closing line:
//   tests: N passed, N failed, N skipped
// A missing report counts as a failure (a step that did not run must not look green).
const fs = require('node:fs')

let passed = 0
let failed = 0
let skipped = 0
let missing = 0

function read(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    console.log(`[ci] report missing or unreadable: ${file}`)
    missing++
    return null
  }
}

const vitest = read(process.argv[2])
if (vitest) {
  passed += vitest.numPassedTests ?? 0
  failed += vitest.numFailedTests ?? 0
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0)
  if ((vitest.numTotalTests ?? 0) === 0) missing++
}

const pw = read(process.argv[3])
if (pw) {
  const s = pw.stats ?? {}
  passed += (s.expected ?? 0) + (s.flaky ?? 0)
  failed += s.unexpected ?? 0
  skipped += s.skipped ?? 0
  for (const e of pw.errors ?? []) {
    console.log(`[ci] playwright error: ${e.message ?? JSON.stringify(e)}`)
    failed++
  }
}

console.log(`tests: ${passed} passed, ${failed + missing} failed, ${skipped} skipped`)
process.exit(failed + missing > 0 ? 1 : 0)
