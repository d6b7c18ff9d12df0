/** Bar steps: inference from timestamps, grid checks and gap listing (gaps are listed, never filled). */
import { TIMEFRAMES, TIMEFRAME_MS, type Timeframe } from '../../../shared/market'

export function timeframeOfMs(ms: number): Timeframe | null {
  return TIMEFRAMES.find((tf) => TIMEFRAME_MS[tf] === ms) ?? null
}

/** Smallest positive step between consecutive times, or null with fewer than two rows. */
export function smallestStep(time: Float64Array): number | null {
  let best = Infinity
  for (let i = 1; i < time.length; i++) {
    const d = time[i]! - time[i - 1]!
    if (d > 0 && d < best) best = d
  }
  return Number.isFinite(best) ? best : null
}

/** Index of the first time not on the step grid (UTC epoch multiples), or -1. */
export function firstOffGrid(time: Float64Array, stepMs: number): number {
  for (let i = 0; i < time.length; i++) if (time[i]! % stepMs !== 0) return i
  return -1
}

export interface Gap {
  /** First missing bar open time. */
  from: number
  /** Last missing bar open time (inclusive). */
  to: number
  bars: number
}

/** Missing bars between rows, plus any missing head / tail inside [start, end) when given. */
export function listGaps(time: Float64Array, stepMs: number, start?: number, end?: number): Gap[] {
  const gaps: Gap[] = []
  const add = (a: number, b: number) => {
    const bars = Math.round((b - a) / stepMs)
    if (bars > 0) gaps.push({ from: a, to: b - stepMs, bars })
  }
  if (time.length === 0) {
    if (start !== undefined && end !== undefined) add(start, end)
    return gaps
  }
  if (start !== undefined) add(start, time[0]!)
  for (let i = 1; i < time.length; i++)
    if (time[i]! - time[i - 1]! > stepMs) add(time[i - 1]! + stepMs, time[i]!)
  if (end !== undefined) add(time[time.length - 1]! + stepMs, end)
  return gaps
}

/** Rows with start ≤ time < end: [from, to) indexes. */
export function windowRange(time: Float64Array, start: number, end: number): [number, number] {
  let a = 0
  while (a < time.length && time[a]! < start) a++
  let b = a
  while (b < time.length && time[b]! < end) b++
  return [a, b]
}
