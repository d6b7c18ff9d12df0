/**
 * Candles for the chart, built only from revealed base rows. A higher-timeframe candle
 * that is still forming is aggregated from the base bars revealed so far and nothing
 * else, so no view at replay time T carries a high, low, close or volume from after T.
 * Buckets are aligned on UTC epoch multiples of the timeframe (1d = 00:00 UTC).
 */
import { aggregate } from '../data/aggregate'
import type { SymbolSeries } from '../data/types'
import type { Bar, Timeframe } from '../../../shared/market'
import { TIMEFRAME_MS } from '../../../shared/market'

function bucketOf(t: number, tfMs: number): number {
  return Math.floor(t / tfMs) * tfMs
}

/**
 * The timeframe actually served: a whole multiple of the recorded base step, else the base
 * step itself (never finer than what was recorded, never a bucket that splits a base bar).
 */
export function effectiveTimeframe(requested: Timeframe, base: Timeframe): Timeframe {
  const r = TIMEFRAME_MS[requested]
  const b = TIMEFRAME_MS[base]
  return r >= b && r % b === 0 ? requested : base
}

/** First row of the bucket that contains `row` (walks back; buckets are short). */
export function bucketStartRow(s: SymbolSeries, tfMs: number, row: number): number {
  if (row <= 0) return 0
  const b = bucketOf(s.time[row]!, tfMs)
  let r = row
  while (r > 0 && s.time[r - 1]! >= b) r--
  return r
}

/**
 * Aggregate rows [from, to) of a series into candles of `tfMs` (from should be a bucket's
 * first row). `mark` picks the mark-price columns (volume 0).
 */
export function aggregateRows(
  s: SymbolSeries,
  tfMs: number,
  from: number,
  to: number,
  mark: boolean,
): Bar[] {
  const O = mark ? s.markOpen : s.open
  const H = mark ? s.markHigh : s.high
  const L = mark ? s.markLow : s.low
  const C = mark ? s.markClose : s.close
  const out: Bar[] = []
  let cur: Bar | null = null
  for (let i = from; i < to; i++) {
    const b = bucketOf(s.time[i]!, tfMs)
    if (!cur || cur.t !== b) {
      cur = { t: b, o: O[i]!, h: H[i]!, l: L[i]!, c: C[i]!, v: mark ? 0 : s.volume[i]! }
      out.push(cur)
    } else {
      if (H[i]! > cur.h) cur.h = H[i]!
      if (L[i]! < cur.l) cur.l = L[i]!
      cur.c = C[i]!
      if (!mark) cur.v += s.volume[i]!
    }
  }
  return out
}

/**
 * Every candle of `timeframe` from the first `revealedRows` rows only (the candle store's
 * `aggregate`; `aggregateRows` above is the range form frames use, tested to agree).
 */
export function revealedCandles(
  s: SymbolSeries,
  timeframe: Timeframe,
  revealedRows: number,
): { bars: Bar[]; mark: Bar[] } {
  const n = Math.max(0, Math.min(revealedRows, s.time.length))
  return { bars: aggregate(s, timeframe, n, 'last'), mark: aggregate(s, timeframe, n, 'mark') }
}
