/**
 * `perpdojo sim` as someone who has not read the source drives it (issue 12, "The CLI, for
 * someone from outside"): asking for help, naming a folder in the current directory, typing a
 * wrong command kind, a nonsense setting or an empty window. Each case used to run silently
 * on (exit 0 with a summary of nothing) or answer with a message that did not say what was
 * wrong.
 */
import { renameSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tradeCommandSchema } from '../../shared/trading/schemas'
import * as v from 'valibot'
import { runSim } from '../../electron/host/sim'
import { loadScenario } from '../../electron/host/data'
import { at, removeFolder, sim, writeFolder, type Row } from './csv-folder'

const folders: string[] = []
afterAll(() => folders.forEach(removeFolder))
const flat = (p: number): Row => [p, p, p, p]
const folder = (startMinute?: number) => {
  const d = writeFolder(
    { BTCUSDT: { last: Array.from({ length: 10 }, () => flat(40000)) } },
    startMinute,
  )
  folders.push(d)
  return d
}
const io = (out: string[], err: string[]) => ({
  out: (l: string) => out.push(l),
  err: (l: string) => err.push(l),
  userDir: folders[0] ?? '/nonexistent',
  resourcesDir: path.resolve(__dirname, '../../resources'),
})

describe('sim CLI for an outsider', () => {
  it('--help prints the usage on stdout and exits 0', async () => {
    const out: string[] = []
    const err: string[] = []
    expect(await runSim(['--help'], io(out, err))).toBe(0)
    expect(out.join('\n')).toMatch(/usage: perpdojo sim --scenario/)
    expect(err).toEqual([])
    expect(await runSim(['-h'], io([], []))).toBe(0)
  })

  it('a folder in the current directory can be named without ./', async () => {
    // a name that could be a scenario id, so the host's id check does not stop it first
    const dir = path.join(path.dirname(folder()), 'my-crash')
    renameSync(folders.pop()!, dir)
    folders.push(dir)
    const cwd = process.cwd()
    process.chdir(path.dirname(dir))
    try {
      const r = await sim('my-crash', { defaultFunding: 'off', commands: [] })
      expect(r.err).toEqual([])
      expect(r.code).toBe(0)
      expect(r.lines.at(-1)).toMatchObject({ kind: 'summary', bars: 10 })
      // the host loads by id only: the same name never reaches a folder there
      await expect(
        loadScenario('my-crash', {
          resourcesDir: path.resolve(__dirname, '../../resources'),
          userDir: dir,
          cacheDir: path.join(dir, 'cache'),
        }),
      ).rejects.toThrow(/no scenario with id/)
    } finally {
      process.chdir(cwd)
    }
  }, 60_000)

  it('an unknown command kind is named, with the kinds there are', async () => {
    const r = await sim(folder(), { commands: [{ t: at(1), command: { kind: 'buy' } }] })
    expect(r.code).toBe(1)
    expect(r.err).toHaveLength(1)
    expect(r.err[0]).toMatch(/^script: commands\.0\.command\.kind: .*"placeOrder".*received "buy"/)
  }, 60_000)

  it('settings keep the ranges the desk enforces (starting balance, insurance fund, margin calls)', async () => {
    const dir = folder()
    for (const [settings, key] of [
      [{ startingBalance: '-5' }, 'settings.startingBalance'],
      [{ startingBalance: '0' }, 'settings.startingBalance'],
      [{ insuranceFund: '-1' }, 'settings.insuranceFund'],
      [{ marginCallRatios: ['150'] }, 'settings.marginCallRatios.0'],
    ] as const) {
      const r = await sim(dir, { settings, defaultFunding: 'off', commands: [] })
      expect(r.code, key).toBe(1)
      expect(r.out, key).toEqual([])
      expect(r.err[0], key).toMatch(new RegExp(`^script: ${key.replace(/\./g, '\\.')}: `))
    }
  }, 60_000)

  it('an empty or reversed window is an error naming the scenario’s range, not a summary of nothing', async () => {
    const dir = folder()
    const reversed = await sim(dir, { from: at(5), to: at(2), commands: [] })
    expect(reversed.code).toBe(1)
    expect(reversed.out).toEqual([])
    expect(reversed.err[0]).toMatch(/^script: "from" .* is not before "to"/)
    const outside = await sim(dir, { from: '2024-02-01T00:00:00Z', commands: [] })
    expect(outside.code).toBe(1)
    expect(outside.out).toEqual([])
    expect(outside.err[0]).toMatch(
      /^script: the window .* holds no bar of the scenario \(2024-01-01T01:00:00\.000Z – 2024-01-01T01:10:00\.000Z\)/,
    )
  }, 60_000)

  it('150x, which the 2026 bracket table allows on BTCUSDT, can be set (the contract capped it at 125)', async () => {
    const place = { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 150 }
    expect(v.safeParse(tradeCommandSchema, place).success).toBe(true)
    expect(v.safeParse(tradeCommandSchema, { ...place, leverage: 151 }).success).toBe(false)
    // 2025-06-01 01:00 UTC: after the 2025-05-01 table switch
    const dir = folder((Date.UTC(2025, 5, 1, 1) - Date.UTC(2024, 0, 1)) / 60_000)
    const r = await sim(dir, {
      defaultFunding: 'off',
      commands: [{ t: at(1), command: place }],
    })
    expect(r.err).toEqual([])
    expect(r.lines[0]).toMatchObject({
      type: 'leverageChanged',
      leverage: 150,
      maxNotional: '300000',
    })
  }, 60_000)

  it('an unknown or missing field is said in words, not in schema jargon', async () => {
    const dir = folder()
    const preview = { kind: 'previewOrder', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT' }
    const r = await sim(dir, {
      settings: { startingBalnce: '1000' },
      commands: [{ t: at(1), command: { ...preview, price: '40000', timeInForce: 'GTC' } }],
    })
    expect(r.code).toBe(1)
    expect(r.err).toEqual([
      'script: settings.startingBalnce: unknown field (not part of the script format, docs/cli.md)',
      'script: commands.0.command.positionSide: missing (required)',
      'script: commands.0.command.timeInForce: unknown field (not part of the script format, docs/cli.md)',
    ])
  }, 60_000)

  it('a bad CSV folder names every problem with its file, line and column', async () => {
    const dir = writeFolder({
      BTCUSDT: { last: [[40000.123456789, 40001, 40000, 40000.5], flat(40000), flat(40000)] },
      ETHUSDT: { last: [flat(2000), flat(2000), [2000, 1990, 1995, 2000]] },
    })
    folders.push(dir)
    const r = await sim(dir, { defaultFunding: 'off', commands: [] })
    expect(r.code).toBe(1)
    expect(r.out).toEqual([])
    const file = (s: string) => path.join(dir, `${s}-1m-2024-01-01.csv`)
    expect(r.err).toEqual([
      `scenario: ${file('BTCUSDT')}, line 2, column open: 40000.123456789 has more than 8 decimals`,
      `scenario: ${file('ETHUSDT')}, line 4, column high: high 1990 < low 1995`,
    ])
  }, 60_000)
})
