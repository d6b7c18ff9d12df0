/**
 * Issue 15 item 5: the scenario builder (electron/host/data/scenario-builder.ts) through the
 * contract's schema (parseRequest, as every transport applies it) and the host method: a new
 * user scenario cut from a bundled one and from an imported folder, the window and replay
 * start it keeps, and every bad value answered with a coded error that writes nothing.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { HostError, parseRequest } from '../../../shared/contract'
import type { ScenarioBuildRequest } from '../../../shared/contract/market'
import { importFiles, listScenarios, loadScenario } from '../../../electron/host/data'
import { buildUserScenario } from '../../../electron/host/data/scenario-builder'
import { binanceKlines, RESOURCES, tempDir, writeFile } from './support/fixtures'

const dirs: string[] = []
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
function env() {
  const userDir = tempDir('pd-build-')
  dirs.push(userDir)
  return { resourcesDir: RESOURCES, userDir, cacheDir: path.join(userDir, 'cache') }
}
const H = 3_600_000
const NOV8 = Date.UTC(2022, 10, 8)
const ftx = (over: Partial<ScenarioBuildRequest> = {}): ScenarioBuildRequest => ({
  sourceId: 'ftx-2022-11',
  symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
  start: NOV8 + 12 * H,
  end: NOV8 + 36 * H,
  replayFrom: NOV8 + 18 * H,
  title: 'FTX, day two',
  briefing: 'The afternoon Binance walked away from the deal.',
  ...over,
})
/** Visible entries of the user scenarios folder (dot folders are imports in progress). */
const visible = (userDir: string) => {
  try {
    return readdirSync(path.join(userDir, 'scenarios'))
  } catch {
    return []
  }
}
function digest(dir: string): string {
  const h = createHash('sha256')
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(path.join(dir, f)))
  return h.digest('hex')
}

describe('scenario:build from a bundled scenario', () => {
  it('writes a user scenario with the chosen symbols, window and replay start; the bundled folder is untouched', async () => {
    const e = env()
    const bundled = path.join(RESOURCES, 'scenarios', 'ftx-2022-11')
    const before = digest(bundled)
    const info = await buildUserScenario(ftx(), e)
    expect(info).toMatchObject({
      id: 'built-ftx-day-two',
      source: 'user',
      title: 'FTX, day two',
      briefing: 'The afternoon Binance walked away from the deal.',
      start: NOV8 + 12 * H,
      end: NOV8 + 36 * H,
      replayFrom: NOV8 + 18 * H,
      baseTimeframe: '1m',
    })
    // each symbol keeps its true resolution (SOL stays 15m beside 1m BTC/ETH)
    expect(info.symbols.map((s) => [s.symbol, s.lastStep])).toEqual([
      ['BTCUSDT', '1m'],
      ['ETHUSDT', '1m'],
      ['SOLUSDT', '15m'],
    ])
    expect(digest(bundled)).toBe(before)
    const list = await listScenarios(e)
    expect(list.filter((s) => s.source === 'user').map((s) => s.id)).toEqual(['built-ftx-day-two'])
    // the bars are the source's, exactly, inside the window
    const [src, built] = await Promise.all([
      loadScenario('ftx-2022-11', e),
      loadScenario(info.id, e),
    ])
    for (const s of built.series) {
      const o = src.series.find((x) => x.symbol === s.symbol)!
      const a = o.time.indexOf(info.start)
      expect(s.time.length).toBeGreaterThan(0)
      expect(s.time[0]).toBe(info.start)
      expect(s.time.at(-1)! < info.end).toBe(true)
      expect([...s.close]).toEqual([...o.close.slice(a, a + s.close.length)])
      expect(s.funding.every((f) => f.t >= info.start && f.t < info.end)).toBe(true)
    }
    expect(built.info.keyMoments.every((k) => k.t >= info.start && k.t < info.end)).toBe(true)
    expect(built.info.provenance).toMatch(/from "FTX collapse/)
  })

  it('snaps the window outward to the coarsest step (1h marks, 15m SOL) and the replay start down', async () => {
    const e = env()
    const info = await buildUserScenario(
      ftx({
        start: NOV8 + 12 * H + 7 * 60_000,
        end: NOV8 + 20 * H + 1,
        replayFrom: NOV8 + 14 * H + 90_500,
      }),
      e,
    )
    expect([info.start, info.end, info.replayFrom]).toEqual([
      NOV8 + 12 * H,
      NOV8 + 21 * H,
      NOV8 + 14 * H + 60_000,
    ])
  })

  it('an empty briefing gets a summary computed from the window; the same title twice gets a new id', async () => {
    const e = env()
    const a = await buildUserScenario(ftx({ briefing: '' }), e)
    const b = await buildUserScenario(ftx({ symbols: ['DOGEUSDT', 'XRPUSDT', 'BNBUSDT'] }), e)
    expect(a.briefing).toMatch(/^FTX, day two\./)
    expect(a.briefing).toMatch(/BTCUSDT/)
    expect(b.id).toBe('built-ftx-day-two-2')
    expect(b.baseTimeframe).toBe('15m')
  })
})

describe('scenario:build from an imported folder', () => {
  it('cuts a window of the import; the new scenario opens with history before the replay start', async () => {
    const e = env()
    const src = tempDir('pd-build-src-')
    dirs.push(src)
    writeFile(src, 'BTCUSDT-1m-2024-01-01.csv', binanceKlines(600).join('\n') + '\n')
    writeFile(src, 'ETHUSDT-1m-2024-01-01.csv', binanceKlines(600, { price: 50 }).join('\n') + '\n')
    const rep = await importFiles([src], { userDir: e.userDir, title: 'My import' })
    expect(rep.ok).toBe(true)
    const t0 = Date.UTC(2024, 0, 1)
    const info = await buildUserScenario(
      {
        sourceId: rep.scenarioId!,
        symbols: ['ETHUSDT'],
        start: t0 + 60 * 60_000,
        end: t0 + 300 * 60_000,
        replayFrom: t0 + 120 * 60_000,
        title: 'ETH, hours 1 to 5',
        briefing: '',
      },
      e,
    )
    const built = await loadScenario(info.id, e)
    expect(built.series.map((s) => s.symbol)).toEqual(['ETHUSDT'])
    expect(built.series[0]!.time.length).toBe(240)
    expect(built.info.replayFrom).toBe(t0 + 120 * 60_000)
    expect((await listScenarios(e)).map((s) => s.id)).toContain(info.id)
  })
})

describe('scenario:build refuses bad values with a coded error and writes nothing', () => {
  const invalid = (payload: unknown) => {
    const r = parseRequest('scenario:build', payload)
    expect(r.ok).toBe(false)
    return r.ok ? [] : r.error.details!
  }
  it('the schema: title, briefing, symbols, times, ids, extra fields', () => {
    expect(invalid({ ...ftx(), title: '' })[0]).toMatch(/title: a scenario needs a title/)
    expect(invalid({ ...ftx(), title: '   ' })[0]).toMatch(/title: a scenario needs a title/)
    expect(invalid({ ...ftx(), title: 'x'.repeat(121) })[0]).toMatch(/at most 120/)
    expect(invalid({ ...ftx(), title: 'evil\u202egnp.exe' })[0]).toMatch(/direction/)
    expect(invalid({ ...ftx(), title: 'two\nlines' })[0]).toMatch(/one line/)
    expect(invalid({ ...ftx(), title: 'nul\u0000' })[0]).toMatch(/control/)
    expect(invalid({ ...ftx(), briefing: 'b'.repeat(4001) })[0]).toMatch(/at most 4000/)
    expect(invalid({ ...ftx(), briefing: 'bell\u0007' })[0]).toMatch(/control/)
    expect(invalid({ ...ftx(), symbols: [] })[0]).toMatch(/at least one symbol/)
    expect(invalid({ ...ftx(), symbols: ['BTCUSDT', 'BTCUSDT'] })[0]).toMatch(/twice/)
    expect(invalid({ ...ftx(), symbols: ['btc/../x'] })[0]).toMatch(/not a symbol/)
    expect(invalid({ ...ftx(), sourceId: '../../etc' })[0]).toMatch(/not a scenario id/)
    expect(invalid({ ...ftx(), start: 1.5 })[0]).toMatch(/^start/)
    expect(invalid({ ...ftx(), end: '2022-11-09' })[0]).toMatch(/^end/)
    expect(invalid({ ...ftx(), replayFrom: -1 })[0]).toMatch(/^replayFrom/)
    expect(invalid({ ...ftx(), folder: '/etc' }).length).toBeGreaterThan(0)
    expect(invalid(null).length).toBeGreaterThan(0)
    // accepted: a briefing over several lines, the title trimmed
    const ok = parseRequest('scenario:build', { ...ftx(), title: '  T  ', briefing: 'a\nb' })
    expect(ok.ok && ok.value.title).toBe('T')
  })

  it('the host: unknown source or symbol, windows outside the data, a replay start outside', async () => {
    const e = env()
    const code = async (req: ScenarioBuildRequest) => {
      const err = await buildUserScenario(req, e).then(
        () => null,
        (x: unknown) => x,
      )
      expect(err).toBeInstanceOf(HostError)
      const h = err as HostError
      return [h.code, h.details?.[0] ?? '', h.message]
    }
    expect(await code(ftx({ sourceId: 'no-such-scenario' }))).toEqual([
      'NOT_FOUND',
      '',
      'no scenario "no-such-scenario" in the library',
    ])
    expect((await code(ftx({ symbols: ['BTCUSDT', 'LUNAUSDT'] }))).slice(0, 2)).toEqual([
      'INVALID_REQUEST',
      'UNKNOWN_SYMBOL',
    ])
    expect((await code(ftx({ start: NOV8 - 5 * 24 * H })))[1]).toBe('WINDOW_OUTSIDE_DATA')
    expect((await code(ftx({ end: NOV8 + 30 * 24 * H })))[1]).toBe('WINDOW_OUTSIDE_DATA')
    expect((await code(ftx({ end: NOV8 + 12 * H })))[1]).toBe('WINDOW_EMPTY')
    expect((await code(ftx({ replayFrom: NOV8 }))).slice(1)).toEqual([
      'REPLAY_OUTSIDE_WINDOW',
      expect.stringMatching(/must be inside the window/),
    ])
    expect((await code(ftx({ replayFrom: NOV8 + 36 * H })))[1]).toBe('REPLAY_OUTSIDE_WINDOW')
    // nothing was written, not even a leftover temp folder
    expect(visible(e.userDir)).toEqual([])
  })
})
