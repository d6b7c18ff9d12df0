/**
 * Vitest setup file: every test file gets a private temp folder as its TMPDIR (os.tmpdir()
 * reads the variable on each call; spawned children inherit it), removed with everything in
 * it when the file ends. So whatever a test or its helpers create under the temp dir is
 * removed even when the test forgets or fails half-way (issue 11 item 12), and parallel test
 * files never see each other's folders. scripts/temp-check.mjs verifies it for `npm test`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const outer = process.env.TMPDIR
const mine = mkdtempSync(path.join(os.tmpdir(), 'pd-vitest-'))
process.env.TMPDIR = mine

const removeMine = () => rmSync(mine, { recursive: true, force: true, maxRetries: 3 })
// Again when the test process exits: a store that saves once more after its test ended
// (a debounced write) would otherwise recreate folders inside it.
process.once('exit', removeMine)

afterAll(() => {
  removeMine()
  if (outer === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = outer
})
