/**
 * buildTimeline merges each series' sorted closes instead of sorting all of them (it runs at
 * every session opening and once per crash in the coach's stress test). The property: on
 * random scenarios (1–4 series at mixed steps, recorded gaps, series starting and ending at
 * different times, funding at and between closes, with and without a window) it builds the
 * very timeline the straightforward version below (the code it replaced) builds.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { LoadedScenario, SymbolSeries } from '../../../electron/host/data/types'
import { buildTimeline, type TimelineWindow } from '../../../electron/host/replay/timeline'
import { TIMEFRAME_MS, type FundingPoint, type Timeframe } from '../../../shared/market'
import { mixedScenarioOf } from './mixed-scenario'

const START = Date.UTC(2022, 10, 8)
const MIN = 60_000
const STEPS: Timeframe[] = ['1m', '3m', '5m', '15m', '1h']
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT']

/**
 * The previous buildTimeline's steps (its funding part is unchanged and not repeated here):
 * every close in the window sorted, then walked per series.
 */
function reference(scenario: LoadedScenario, window: TimelineWindow = {}) {
  const series = scenario.series
  const stepMs = TIMEFRAME_MS[scenario.info.baseTimeframe]
  const from = window.from ?? -Infinity
  const to = window.to ?? Infinity
  const closeOf = (s: SymbolSeries, row: number) => s.time[row]! + TIMEFRAME_MS[s.step]
  const inWindow = (s: SymbolSeries, i: number) => s.time[i]! >= from && s.time[i]! < to
  const all: number[] = []
  for (const s of series)
    for (let i = 0; i < s.time.length; i++) if (inWindow(s, i)) all.push(closeOf(s, i))
  all.sort((a, b) => a - b)
  const uniq: number[] = []
  for (const t of all) if (uniq.length === 0 || uniq[uniq.length - 1] !== t) uniq.push(t)
  const closes = Float64Array.from(uniq)
  const total = closes.length
  const rows: Int32Array[] = []
  const revealed: Int32Array[] = []
  for (const s of series) {
    const r = new Int32Array(total).fill(-1)
    const rev = new Int32Array(total + 1)
    let j = 0
    while (j < s.time.length && s.time[j]! < from) j++
    rev[0] = j
    for (let k = 0; k < total; k++) {
      while (j < s.time.length && inWindow(s, j) && closeOf(s, j) < closes[k]!) j++
      if (j < s.time.length && inWindow(s, j) && closeOf(s, j) === closes[k]) r[k] = j
      rev[k + 1] = rev[k]! + (r[k]! >= 0 ? 1 : 0)
    }
    rows.push(r)
    revealed.push(rev)
  }
  return { closes, times: closes.map((c) => c - stepMs), rows, revealed, total }
}

interface SeriesSpec {
  step: Timeframe
  /** First bar, in units of the series' step after START. */
  offset: number
  bars: number
  /** Rows left out (recorded gaps), as indexes into the full run. */
  gaps: number[]
  /** Funding times, minutes after START (some land on closes, some between). */
  funding: number[]
}

function seriesOf(symbol: string, spec: SeriesSpec): SymbolSeries {
  const ms = TIMEFRAME_MS[spec.step]
  const skip = new Set(spec.gaps)
  const times: number[] = []
  for (let i = 0; i < spec.bars; i++) if (!skip.has(i)) times.push(START + (spec.offset + i) * ms)
  const col = (k: number) => Float64Array.from(times, (_, i) => 100 + k + i)
  const funding: FundingPoint[] = [...new Set(spec.funding)]
    .sort((a, b) => a - b)
    .map((m) => ({ t: START + m * MIN, rate: '0.0001', markPrice: '100' }))
  return {
    symbol,
    step: spec.step,
    time: Float64Array.from(times),
    open: col(0),
    high: col(1),
    low: col(2),
    close: col(3),
    volume: col(4),
    markOpen: col(5),
    markHigh: col(6),
    markLow: col(7),
    markClose: col(8),
    markOrigin: 'recorded',
    funding,
    fundingOrigin: 'recorded',
  }
}

const seriesSpec = fc.record({
  step: fc.constantFrom(...STEPS),
  offset: fc.integer({ min: 0, max: 6 }),
  bars: fc.integer({ min: 0, max: 40 }),
  gaps: fc.array(fc.integer({ min: 0, max: 39 }), { maxLength: 6 }),
  funding: fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 5 }),
})

const windowSpec = fc.option(
  fc.record({
    from: fc.option(fc.integer({ min: -5, max: 400 }), { nil: undefined }),
    to: fc.option(fc.integer({ min: 0, max: 700 }), { nil: undefined }),
  }),
  { nil: undefined },
)

describe('buildTimeline (merge of sorted closes)', () => {
  it('builds the same timeline as the sort-based version on random mixed-step scenarios', () => {
    fc.assert(
      fc.property(
        fc.array(seriesSpec, { minLength: 1, maxLength: 4 }),
        windowSpec,
        fc.integer({ min: 0, max: 700 }),
        (specs, w, endMin) => {
          const series = specs.map((s, i) => seriesOf(SYMBOLS[i]!, s))
          const scn = mixedScenarioOf(series, {
            start: START,
            end: START + endMin * MIN,
            replayFrom: START,
          })
          const window: TimelineWindow | undefined = w && {
            from: w.from === undefined ? undefined : START + w.from * MIN,
            to: w.to === undefined ? undefined : START + w.to * MIN,
          }
          const tl = buildTimeline(scn, window)
          const ref = reference(scn, window)
          expect({
            closes: tl.closes,
            times: tl.times,
            rows: tl.rows,
            revealed: tl.revealed,
            total: tl.total,
          }).toEqual(ref)
          // funding is cut by the closes: the last step feeds everything left in the window
          expect(tl.fundingCut[tl.total]).toBe(tl.total > 0 ? tl.funding.length : 0)
        },
      ),
      { numRuns: 400, seed: 16 },
    )
  })

  it('a window that holds no bar gives an empty timeline with every row revealed before it', () => {
    const s = seriesOf('BTCUSDT', { step: '1m', offset: 0, bars: 10, gaps: [], funding: [] })
    const scn = mixedScenarioOf([s], { start: START, end: START + 10 * MIN, replayFrom: START })
    const tl = buildTimeline(scn, { from: START + 20 * MIN })
    expect(tl.total).toBe(0)
    expect(Array.from(tl.revealed[0]!)).toEqual([10])
  })
})
