/**
 * Golden crash drills: bundled scenario + script → event log, compared line by line with
 * the checked-in `drills/<name>.events.jsonl` (last line: the summary). Regenerate after an
 * intended engine change with `UPDATE_GOLDEN=1 npx vitest run test/golden` and review the diff.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadScenario } from '../../electron/host/data'
import { parseSimScript, runScriptLines } from '../../electron/host/sim'

const dir = path.join(__dirname, 'drills')
const drills = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as {
  name: string
  scenario: string
}[]
const tmp = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-golden-'))
const opts = {
  resourcesDir: path.resolve(__dirname, '../../resources'),
  userDir: tmp,
  cacheDir: tmp,
}

describe('golden crash drills', () => {
  for (const d of drills) {
    it(
      d.name,
      async () => {
        const scn = await loadScenario(d.scenario, opts)
        const script = parseSimScript(
          JSON.parse(readFileSync(path.join(dir, `${d.name}.script.json`), 'utf8')),
        )
        const lines = [...runScriptLines(scn, script)]
        const file = path.join(dir, `${d.name}.events.jsonl`)
        if (process.env.UPDATE_GOLDEN) writeFileSync(file, lines.join('\n') + '\n')
        const golden = readFileSync(file, 'utf8').trimEnd().split('\n')
        expect(lines).toEqual(golden)
        // the full Decimal path gives the same log
        expect([...runScriptLines(scn, script, { fastPath: false })]).toEqual(lines)
      },
      120_000,
    )
  }
})
