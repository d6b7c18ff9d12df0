/**
 * Aggregation only ever uses revealed rows: for random series, gaps, timeframes and reveal
 * counts, the result equals a naive per-bucket fold over rows [0, revealed), so a forming
 * candle never shows a high/low from a row not yet revealed; the incremental form agrees.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  aggregate,
  availableTimeframes,
  createAggregator,
  lastBarAt,
  markBarAt,
  type SymbolSeries,
} from '../../../electron/host/data'
import { TIMEFRAME_MS, type Bar, type Timeframe } from '../../../shared/market'

function series(
  rows: { skip: number; o: number; c: number; up: number; dn: number; v: number }[],
  step: Timeframe = '1m',
  t0 = Date.UTC(2024, 0, 1),
): SymbolSeries {
  const n = rows.length
  const a = () => new Float64Array(n)
  const s = {
    symbol: 'TEST',
    step,
    time: a(),
    open: a(),
    high: a(),
    low: a(),
    close: a(),
    volume: a(),
    markOpen: a(),
    markHigh: a(),
    markLow: a(),
    markClose: a(),
    markOrigin: 'derived' as const,
    funding: [],
    fundingOrigin: 'default' as const,
  }
  let t = t0
  rows.forEach((r, i) => {
    t += r.skip * TIMEFRAME_MS[step]
    s.time[i] = t
    t += TIMEFRAME_MS[step]
    s.open[i] = s.markOpen[i] = r.o
    s.close[i] = s.markClose[i] = r.c
    s.high[i] = s.markHigh[i] = Math.max(r.o, r.c) + r.up
    s.low[i] = s.markLow[i] = Math.min(r.o, r.c) - r.dn
    s.volume[i] = r.v
  })
  return s
}

function naive(s: SymbolSeries, tf: Timeframe, revealed: number): Bar[] {
  const out: Bar[] = []
  const ms = TIMEFRAME_MS[tf]
  for (let i = 0; i < revealed; i++) {
    const t = Math.floor(s.time[i]! / ms) * ms
    const last = out[out.length - 1]
    if (last && last.t === t) {
      last.h = Math.max(last.h, s.high[i]!)
      last.l = Math.min(last.l, s.low[i]!)
      last.c = s.close[i]!
      last.v += s.volume[i]!
    } else
      out.push({ t, o: s.open[i]!, h: s.high[i]!, l: s.low[i]!, c: s.close[i]!, v: s.volume[i]! })
  }
  return out
}

const rowArb = fc.record({
  skip: fc.oneof(
    { weight: 9, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 300 }) },
  ),
  o: fc.integer({ min: 1, max: 1000 }),
  c: fc.integer({ min: 1, max: 1000 }),
  up: fc.integer({ min: 0, max: 50 }),
  dn: fc.integer({ min: 0, max: 50 }),
  v: fc.integer({ min: 0, max: 100 }),
})

describe('aggregate', () => {
  it('uses only revealed rows (property)', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 400 }),
        fc.constantFrom<Timeframe>('1m', '3m', '5m', '15m', '1h', '4h', '1d'),
        fc.nat(),
        (rows, tf, r) => {
          const s = series(rows)
          const revealed = r % (rows.length + 1)
          const bars = aggregate(s, tf, revealed)
          expect(bars).toEqual(naive(s, tf, revealed))
          // The forming bar's high/low come from revealed rows only.
          const f = bars[bars.length - 1]
          if (f) {
            let h = -Infinity
            for (let i = 0; i < revealed; i++)
              if (Math.floor(s.time[i]! / TIMEFRAME_MS[tf]) * TIMEFRAME_MS[tf] === f.t)
                h = Math.max(h, s.high[i]!)
            expect(f.h).toBe(h)
          }
          expect(aggregate(s, tf, revealed, 'mark').map((b) => ({ ...b, v: 0 }))).toEqual(
            naive(s, tf, revealed).map((b) => ({ ...b, v: 0 })),
          )
        },
      ),
      { numRuns: 300 },
    )
  })

  it('the incremental aggregator matches the batch result after any reveal sequence, including seeks back', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { minLength: 1, maxLength: 300 }),
        fc.constantFrom<Timeframe>('3m', '15m', '1h'),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        (rows, tf, steps) => {
          const s = series(rows)
          const agg = createAggregator(s, tf)
          let shown: Bar[] = []
          let prev = 0
          for (const st of steps) {
            const count = st % (rows.length + 1)
            if (count < prev) {
              shown = agg.reset(count) // a seek back: the chart gets setData
            } else {
              // like a chart's series.update: replace the last bar or append
              for (const b of agg.advance(count)) {
                if (shown.length && shown[shown.length - 1]!.t === b.t) shown[shown.length - 1] = b
                else shown.push(b)
              }
            }
            prev = count
            expect(shown).toEqual(naive(s, tf, count))
            expect(agg.bars()).toEqual(shown)
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('refuses timeframes finer than the base step; lists the usable ones', () => {
    const s = series([{ skip: 0, o: 1, c: 2, up: 0, dn: 0, v: 1 }], '1h')
    expect(() => aggregate(s, '5m', 1)).toThrow(/cannot be built from 1h/)
    expect(availableTimeframes('1h')).toEqual(['1h', '4h', '1d'])
    expect(availableTimeframes('5m')).toEqual(['5m', '15m', '1h', '4h', '1d'])
  })

  it('row helpers give Bar objects', () => {
    const s = series([{ skip: 0, o: 10, c: 12, up: 1, dn: 0, v: 3 }])
    expect(lastBarAt(s, 0)).toEqual({ t: s.time[0], o: 10, h: 13, l: 10, c: 12, v: 3 })
    expect(markBarAt(s, 0)).toEqual({ t: s.time[0], o: 10, h: 13, l: 10, c: 12, v: 0 })
  })
})
