import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSim } from '../../electron/host/sim'

const tmp = mkdtempSync(path.join(os.tmpdir(), 'perpdojo-simcli-'))
const io = (out: string[], err: string[]) => ({
  out: (l: string) => out.push(l),
  err: (l: string) => err.push(l),
  userDir: tmp,
  resourcesDir: path.resolve(__dirname, '../../resources'),
})

describe('sim CLI body', () => {
  it('prints the golden drill log for a bundled scenario', async () => {
    const out: string[] = []
    const err: string[] = []
    const script = path.join(__dirname, 'drills/may2021-long-20x-stop.script.json')
    expect(
      await runSim(['--scenario', 'china-ban-2021-05', '--script', script], io(out, err)),
    ).toBe(0)
    const golden = readFileSync(
      path.join(__dirname, 'drills/may2021-long-20x-stop.events.jsonl'),
      'utf8',
    )
      .trimEnd()
      .split('\n')
    expect(out).toEqual(golden)
  }, 60_000)
  it('exit 1 with the path of the problem for a bad script; 2 for a bad command line', async () => {
    const bad = path.join(tmp, 'bad.json')
    writeFileSync(bad, JSON.stringify({ commands: [{ t: 0, command: { kind: 'cancelOrder' } }] }))
    const err: string[] = []
    expect(await runSim(['--scenario', 'ftx-2022-11', '--script', bad], io([], err))).toBe(1)
    expect(err.join('\n')).toMatch(/commands\.0\.command/)
    expect(await runSim(['--script', bad], io([], []))).toBe(2)
  })
})
