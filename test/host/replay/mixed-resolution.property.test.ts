/**
 * Mixed resolutions without look-ahead. A scenario holds BTC at 1m, SOL at 15m and XRP at 1h
 * (recorded funding at uneven times, SOL every 2 h as in Nov 2022). The property: at any clock
 * step, nothing the renderer or the engine has received depends on data after that step.
 * Checked by changing every price and funding rate that becomes known after the step (a bar is
 * known at its close, a funding rate at its time) and comparing two sessions run to that step:
 * every engine input, every frame pushed, and the candles of every symbol at every timeframe
 * must be identical. (The scenario's briefing and key moments describe the whole window by
 * design; they are not part of the replay stream and blind exams hide them.)
 */
import { rmSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { engines } from '../../../electron/host/engine-binding'
import type { EngineFactory, EngineInput } from '../../../electron/host/engine-port'
import type { LoadedScenario, SymbolSeries } from '../../../electron/host/data/types'
import { buildTimeline, cursorAt } from '../../../electron/host/replay/timeline'
import { TIMEFRAMES, TIMEFRAME_MS, type FundingPoint, type Timeframe } from '../../../shared/market'
import { drive, rig } from '../session/helpers'
import { rng } from '../session/support'
import { mixedScenarioOf } from './mixed-scenario'

const START = Date.UTC(2022, 10, 8)
const HOURS = 6
const END = START + HOURS * 3_600_000

function series(symbol: string, step: Timeframe, price: number, seed: number): SymbolSeries {
  const r = rng(seed)
  const ms = TIMEFRAME_MS[step]
  const rows: number[][] = []
  let p = price
  for (let t = START; t < END; t += ms) {
    if (symbol === 'SOLUSDT' && t === START + 2 * 3_600_000) continue // a recorded gap
    const o = p
    const c = Math.round(o * (1 + (r() - 0.5) * 0.02) * 1000) / 1000
    rows.push([t, o, Math.max(o, c) * 1.004, Math.min(o, c) * 0.996, c, Math.round(r() * 1000)])
    p = c
  }
  const col = (j: number) => Float64Array.from(rows.map((x) => Math.round(x[j]! * 1000) / 1000))
  const funding: FundingPoint[] = []
  const every = symbol === 'SOLUSDT' ? 2 : symbol === 'BTCUSDT' ? 8 : 4
  for (let h = every; h < HOURS; h += every)
    funding.push({ t: START + h * 3_600_000 + 7, rate: '-0.0003', markPrice: String(p) })
  return {
    symbol,
    step,
    time: col(0),
    open: col(1),
    high: col(2),
    low: col(3),
    close: col(4),
    volume: col(5),
    markOpen: col(1),
    markHigh: col(2),
    markLow: col(3),
    markClose: col(4),
    markOrigin: 'recorded',
    markDerivedRows: 0,
    funding,
    fundingOrigin: 'recorded',
  }
}

function mixedScenario(): LoadedScenario {
  const s = [
    series('BTCUSDT', '1m', 20000, 1),
    series('SOLUSDT', '15m', 20, 2),
    series('XRPUSDT', '1h', 0.4, 3),
  ]
  // 20 minutes of history before the replay starts
  return mixedScenarioOf(s, { start: START, end: END, replayFrom: START + 20 * 60_000 })
}

/** Every price known only after `known` changes (bars at their close, funding at its time). */
function perturbAfter(sc: LoadedScenario, known: number, f: number): LoadedScenario {
  return {
    info: sc.info,
    series: sc.series.map((s) => {
      const ms = TIMEFRAME_MS[s.step]
      const late = (i: number) => s.time[i]! + ms > known
      const scale = (a: Float64Array) => a.map((x, i) => (late(i) ? x * f : x))
      return {
        ...s,
        open: scale(s.open),
        high: scale(s.high),
        low: scale(s.low),
        close: scale(s.close),
        volume: scale(s.volume),
        markOpen: scale(s.markOpen),
        markHigh: scale(s.markHigh),
        markLow: scale(s.markLow),
        markClose: scale(s.markClose),
        funding: s.funding.map((p) => (p.t > known ? { ...p, rate: '0.0042', markPrice: '1' } : p)),
      }
    }),
  }
}

function recording(log: EngineInput[]): EngineFactory {
  // every port method by name: a port is a class instance, whose methods a spread leaves out
  const wrap = (e: ReturnType<EngineFactory['create']>): ReturnType<EngineFactory['create']> => ({
    apply: (i: EngineInput) => (log.push(structuredClone(i)), e.apply(i)),
    view: () => e.view(),
    risk: () => e.risk(),
    snapshot: () => e.snapshot(),
    stateHash: () => e.stateHash(),
    maxRemovableMargin: (symbol, side) => e.maxRemovableMargin(symbol, side),
    liquidationRescue: (symbol, side, worst) => e.liquidationRescue(symbol, side, worst),
  })
  return {
    ...engines,
    create: (symbols, settings) => wrap(engines.create(symbols, settings)),
    restore: (snap) => wrap(engines.restore(snap)),
  }
}

async function observe(sc: LoadedScenario, cursor: number) {
  const inputs: EngineInput[] = []
  const r = rig({ engines: recording(inputs) })
  // the rig serves its scenario object under the id 'synthetic': make it ours
  Object.assign(r.scenario, sc)
  const snap = await r.m.create({ scenarioId: 'synthetic' })
  const id = snap.summary.id
  // a position on the coarse symbol and a stop on the hourly one, so fills and triggers happen
  await r.m
    .command(id, {
      type: 'placeOrder',
      symbol: 'SOLUSDT',
      side: 'BUY',
      orderType: 'MARKET',
      quantity: '10',
    } as never)
    .catch(() => undefined)
  const lead = snap.status.cursor
  if (cursor > lead) await drive(r.sched, r.m.control(id, { type: 'step', bars: cursor - lead }))
  await drive(r.sched, r.m.control(id, { type: 'pause' }))
  const candles: unknown[] = []
  for (const s of sc.series)
    for (const tf of TIMEFRAMES) candles.push(await r.m.candles(id, s.symbol, tf))
  await r.m.closeAll()
  rmSync(r.dataDir, { recursive: true, force: true })
  // the session id is random: the only field allowed to differ
  const same = (x: unknown) => JSON.parse(JSON.stringify(x).replaceAll(id, 'SESSION')) as unknown
  return { inputs, frames: same(r.frames), candles: same(candles) }
}

describe('mixed resolutions: no look-ahead', () => {
  it('a coarse bar reaches the engine and the chart only at its close', () => {
    const tl = buildTimeline(mixedScenario())
    expect(tl.stepMs).toBe(60_000)
    const sol = tl.series.findIndex((s) => s.symbol === 'SOLUSDT')
    for (let k = 0; k < tl.total; k++) {
      const row = tl.rows[sol]![k]!
      if (row >= 0) expect(tl.series[sol]!.time[row]! + 900_000).toBe(tl.closes[k])
    }
    // 15 one-minute steps pass before SOL's first bar is revealed
    expect(tl.revealed[sol]![14]).toBe(0)
    expect(tl.revealed[sol]![15]).toBe(1)
  })

  it('candles keep each symbol at its true resolution (never finer than recorded)', async () => {
    const o = await observe(mixedScenario(), 200)
    const sets = o.candles as { symbol: string; timeframe: Timeframe }[]
    expect(sets.find((c) => c.symbol === 'SOLUSDT' && c.timeframe !== '1m' && true)).toBeDefined()
    for (const c of sets) {
      const step = { BTCUSDT: '1m', SOLUSDT: '15m', XRPUSDT: '1h' }[c.symbol] as Timeframe
      expect(TIMEFRAME_MS[c.timeframe]).toBeGreaterThanOrEqual(TIMEFRAME_MS[step])
    }
  })

  it('property: changing everything after the step changes nothing received up to it', async () => {
    const base = mixedScenario()
    const tl = buildTimeline(base)
    await fc.assert(
      fc.asyncProperty(
        // a session opens after its lead-in (history shown before the start)
        fc.integer({ min: cursorAt(tl, START + 20 * 60_000), max: tl.total }),
        fc.double({ min: 0.5, max: 1.5, noNaN: true }),
        async (cursor, f) => {
          const known = tl.closes[cursor - 1]!
          const a = await observe(base, cursor)
          const b = await observe(perturbAfter(base, known, f), cursor)
          expect(b.inputs).toEqual(a.inputs)
          expect(b.frames).toEqual(a.frames)
          expect(b.candles).toEqual(a.candles)
        },
      ),
      { numRuns: 12, seed: 15 },
    )
  }, 120_000)
})
