/**
 * The only place where market data becomes chart data: ms → UTCTimestamp seconds, and
 * DecimalString → number for price lines. Candle prices already are numbers (see shared/market).
 */
import type { CandlestickData, HistogramData, LineData, UTCTimestamp } from 'lightweight-charts'
import type { Bar } from '../../../shared/market'

export function toTime(ms: number): UTCTimestamp {
  return Math.floor(ms / 1000) as UTCTimestamp
}

export function toCandle(b: Bar): CandlestickData<UTCTimestamp> {
  return { time: toTime(b.t), open: b.o, high: b.h, low: b.l, close: b.c }
}

export function toVolume(b: Bar, up: string, down: string): HistogramData<UTCTimestamp> {
  return { time: toTime(b.t), value: b.v, color: b.c >= b.o ? up : down }
}

export function toLine(b: Bar): LineData<UTCTimestamp> {
  return { time: toTime(b.t), value: b.c }
}

/**
 * Fold a base-step bar into the display bar of a coarser timeframe. `current` is the
 * display bar being built (or undefined); returns the bar to `update` the chart with.
 */
export function foldBar(current: Bar | undefined, base: Bar, tfMs: number, baseMs: number): Bar {
  if (tfMs <= baseMs) return base
  const bucket = Math.floor(base.t / tfMs) * tfMs
  if (!current || current.t !== bucket) {
    return { t: bucket, o: base.o, h: base.h, l: base.l, c: base.c, v: base.v }
  }
  return {
    t: bucket,
    o: current.o,
    h: Math.max(current.h, base.h),
    l: Math.min(current.l, base.l),
    c: base.c,
    v: current.v + base.v,
  }
}
