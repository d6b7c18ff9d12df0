/**
 * Higher-timeframe candles from the base rows, using only rows already revealed.
 *
 * Buckets are UTC-aligned multiples of the timeframe (1d starts 00:00 UTC). The forming bucket
 * aggregates rows [bucketStart .. revealedCount) only, so its high/low are never ones the
 * replay has not shown yet. Gaps stay gaps: a bucket with no rows produces no bar.
 */
import { TIMEFRAME_MS, type Bar, type Timeframe } from '../../../shared/market'
import { DataError } from './errors'
import type { SymbolSeries } from './types'

export type PriceSeries = 'last' | 'mark'

function pick(s: SymbolSeries, which: PriceSeries) {
  return which === 'last'
    ? { o: s.open, h: s.high, l: s.low, c: s.close, v: s.volume as Float64Array | null }
    : { o: s.markOpen, h: s.markHigh, l: s.markLow, c: s.markClose, v: null }
}

/** The base row at `i` as a Bar (last price, with volume). */
export function lastBarAt(s: SymbolSeries, i: number): Bar {
  return {
    t: s.time[i]!,
    o: s.open[i]!,
    h: s.high[i]!,
    l: s.low[i]!,
    c: s.close[i]!,
    v: s.volume[i]!,
  }
}

/** The mark-price row at `i` as a Bar (v = 0). */
export function markBarAt(s: SymbolSeries, i: number): Bar {
  return {
    t: s.time[i]!,
    o: s.markOpen[i]!,
    h: s.markHigh[i]!,
    l: s.markLow[i]!,
    c: s.markClose[i]!,
    v: 0,
  }
}

function bucketMs(s: SymbolSeries, timeframe: Timeframe): number {
  const tf = TIMEFRAME_MS[timeframe]
  const base = TIMEFRAME_MS[s.step]
  if (tf < base || tf % base !== 0)
    throw new DataError('UNSUPPORTED_TIMEFRAME', `${timeframe} cannot be built from ${s.step} bars`)
  return tf
}

/** Timeframes that can be shown for a series with this base step. */
export function availableTimeframes(step: Timeframe): Timeframe[] {
  const base = TIMEFRAME_MS[step]
  return (Object.keys(TIMEFRAME_MS) as Timeframe[]).filter(
    (tf) => TIMEFRAME_MS[tf] >= base && TIMEFRAME_MS[tf] % base === 0,
  )
}

/** All bars of `timeframe` from the first `revealedCount` rows (the last one may be forming). */
export function aggregate(
  s: SymbolSeries,
  timeframe: Timeframe,
  revealedCount: number,
  which: PriceSeries = 'last',
): Bar[] {
  const agg = createAggregator(s, timeframe, which)
  agg.advance(revealedCount)
  return agg.bars()
}

export interface Aggregator {
  /**
   * Reveal rows up to (excluding) `revealedCount`; returns the bars that changed, oldest first:
   * the updated forming bar and any new ones (feed each to the chart's `update`). A smaller
   * count than before acts as `reset` and returns every bar.
   */
  advance(revealedCount: number): Bar[]
  /** Start over (a seek backwards): equivalent to a fresh aggregator advanced to `revealedCount`. */
  reset(revealedCount: number): Bar[]
  /** Every bar so far; the last may be forming. */
  bars(): Bar[]
}

/** Incremental form for the replay clock: O(new rows) per step, same result as `aggregate`. */
export function createAggregator(
  s: SymbolSeries,
  timeframe: Timeframe,
  which: PriceSeries = 'last',
): Aggregator {
  const tf = bucketMs(s, timeframe)
  const src = pick(s, which)
  let out: Bar[] = []
  let next = 0 // first unrevealed row
  const advance = (revealedCount: number): Bar[] => {
    const upto = Math.min(Math.max(revealedCount, 0), s.time.length)
    if (upto < next) return reset(upto)
    const changed: Bar[] = []
    for (; next < upto; next++) {
      const i = next
      const t = Math.floor(s.time[i]! / tf) * tf
      const cur = out[out.length - 1]
      const v = src.v ? src.v[i]! : 0
      if (cur && cur.t === t) {
        const upd = {
          t,
          o: cur.o,
          h: Math.max(cur.h, src.h[i]!),
          l: Math.min(cur.l, src.l[i]!),
          c: src.c[i]!,
          v: cur.v + v,
        }
        out[out.length - 1] = upd
        if (changed[changed.length - 1]?.t === t) changed[changed.length - 1] = upd
        else changed.push(upd)
      } else {
        const bar = { t, o: src.o[i]!, h: src.h[i]!, l: src.l[i]!, c: src.c[i]!, v }
        out.push(bar)
        changed.push(bar)
      }
    }
    return changed
  }
  const reset = (revealedCount: number): Bar[] => {
    out = []
    next = 0
    advance(revealedCount)
    return out.slice()
  }
  return { advance, reset, bars: () => out.slice() }
}
