/**
 * The lockstep timeline of a scenario: every symbol's base bars merged on one time axis.
 *
 * Step `k` of the timeline is the k-th distinct bar open time across all symbols. A
 * symbol with a recorded gap at that time simply has no row there (gaps stay gaps; the
 * engine gets only the symbols that have a bar). `cursor` = number of steps revealed.
 *
 * Input order (documented in docs/sessions.md): advancing from cursor k to k+1 feeds
 *   1. every funding point with `fundingTime <= openTime(k)` not fed yet, in time order
 *      (symbol order breaks ties), then
 *   2. the bars of step k, one row per symbol present, in scenario symbol order.
 * Reaching the last step also feeds the funding points up to the window's end. User
 * commands recorded at cursor k+1 are applied after all of that, in journal order.
 */
import type { LoadedScenario, SymbolSeries } from '../data/types'
import type { Bar, FundingPoint, SymbolId } from '../../../shared/market'
import { TIMEFRAME_MS } from '../../../shared/market'
import type { EngineInput } from '../session/engine-port'

export interface FundingEntry {
  t: number
  symbol: SymbolId
  point: FundingPoint
  origin: SymbolSeries['fundingOrigin']
}

export interface Timeline {
  /** Distinct open times, ascending. */
  times: Float64Array
  stepMs: number
  symbols: SymbolId[]
  series: SymbolSeries[]
  /** rows[s][k] = row of symbol s at step k, or -1 (gap). */
  rows: Int32Array[]
  /** revealed[s][k] = rows of symbol s revealed once cursor = k (length total + 1). */
  revealed: Int32Array[]
  /** All funding points in feed order. */
  funding: FundingEntry[]
  /** fundingCut[k] = how many funding entries are fed once cursor = k (length total + 1). */
  fundingCut: Int32Array
  total: number
}

export function buildTimeline(scenario: LoadedScenario): Timeline {
  const series = scenario.series
  const stepMs = TIMEFRAME_MS[scenario.info.baseTimeframe]
  const all: number[] = []
  for (const s of series) for (let i = 0; i < s.time.length; i++) all.push(s.time[i]!)
  all.sort((a, b) => a - b)
  const uniq: number[] = []
  for (const t of all) if (uniq.length === 0 || uniq[uniq.length - 1] !== t) uniq.push(t)
  const times = Float64Array.from(uniq)
  const total = times.length
  const rows: Int32Array[] = []
  const revealed: Int32Array[] = []
  for (const s of series) {
    const r = new Int32Array(total).fill(-1)
    const rev = new Int32Array(total + 1)
    let j = 0
    for (let k = 0; k < total; k++) {
      while (j < s.time.length && s.time[j]! < times[k]!) j++
      if (j < s.time.length && s.time[j] === times[k]) r[k] = j
      rev[k + 1] = rev[k]! + (r[k]! >= 0 ? 1 : 0)
    }
    rows.push(r)
    revealed.push(rev)
  }
  const funding: FundingEntry[] = []
  series.forEach((s) => {
    for (const p of s.funding)
      funding.push({ t: p.t, symbol: s.symbol, point: p, origin: s.fundingOrigin })
  })
  const order = new Map(series.map((s, i) => [s.symbol, i]))
  funding.sort((a, b) => a.t - b.t || order.get(a.symbol)! - order.get(b.symbol)!)
  const end = total > 0 ? times[total - 1]! + stepMs : 0
  const fundingCut = new Int32Array(total + 1)
  let f = 0
  for (let k = 0; k < total; k++) {
    // advancing to cursor k+1 feeds funding with t <= times[k] (before bar k), and at the
    // very last step also the funding up to the window's end.
    const limit = k === total - 1 ? end : times[k]!
    while (f < funding.length && funding[f]!.t <= limit) f++
    fundingCut[k + 1] = f
  }
  return {
    times,
    stepMs,
    symbols: series.map((s) => s.symbol),
    series,
    rows,
    revealed,
    funding,
    fundingCut,
    total,
  }
}

export function lastBar(s: SymbolSeries, row: number): Bar {
  return {
    t: s.time[row]!,
    o: s.open[row]!,
    h: s.high[row]!,
    l: s.low[row]!,
    c: s.close[row]!,
    v: s.volume[row]!,
  }
}

export function markBar(s: SymbolSeries, row: number): Bar {
  return {
    t: s.time[row]!,
    o: s.markOpen[row]!,
    h: s.markHigh[row]!,
    l: s.markLow[row]!,
    c: s.markClose[row]!,
    v: 0,
  }
}

/** The engine inputs that advance the timeline from cursor k to k+1 (k < total). */
export function stepInputs(tl: Timeline, k: number): EngineInput[] {
  const out: EngineInput[] = []
  // replay time never runs backwards: a funding stamped inside the previous bar (an
  // imported file with ms offsets) is settled at that bar's close, where commands sit
  const floor = k > 0 ? tl.times[k - 1]! + tl.stepMs : -Infinity
  for (let f = tl.fundingCut[k]!; f < tl.fundingCut[k + 1]!; f++) {
    const e = tl.funding[f]!
    if (e.t > tl.times[k]!) continue // end-of-window funding goes after the last bar
    out.push(fundingInput(e, floor))
  }
  const bars: { symbol: SymbolId; last: Bar; mark: Bar }[] = []
  for (let s = 0; s < tl.series.length; s++) {
    const row = tl.rows[s]![k]!
    if (row < 0) continue
    const ser = tl.series[s]!
    bars.push({ symbol: ser.symbol, last: lastBar(ser, row), mark: markBar(ser, row) })
  }
  out.push({ kind: 'bars', t: tl.times[k]!, bars })
  for (let f = tl.fundingCut[k]!; f < tl.fundingCut[k + 1]!; f++) {
    const e = tl.funding[f]!
    if (e.t > tl.times[k]!) out.push(fundingInput(e, tl.times[k]! + tl.stepMs))
  }
  return out
}

function fundingInput(e: FundingEntry, floor: number): EngineInput {
  return {
    kind: 'funding',
    t: Math.max(e.t, floor),
    symbol: e.symbol,
    rate: e.point.rate,
    markPrice: e.point.markPrice,
    origin: e.origin === 'recorded' ? 'recorded' : 'default',
  }
}

/** Replay time shown for cursor k: open time of the latest revealed step. */
export function cursorTime(tl: Timeline, cursor: number): number {
  if (cursor <= 0) return tl.total > 0 ? tl.times[0]! - tl.stepMs : 0
  return tl.times[Math.min(cursor, tl.total) - 1]!
}

/** Replay time a command issued at cursor k is stamped with: the close of the latest bar. */
export function commandTime(tl: Timeline, cursor: number): number {
  return cursorTime(tl, cursor) + tl.stepMs
}

/** Cursor reached by revealing every step that opens at or before t. */
export function cursorAt(tl: Timeline, t: number): number {
  let lo = 0
  let hi = tl.total
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (tl.times[mid]! <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}
