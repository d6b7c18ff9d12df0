/**
 * The lockstep timeline of a scenario: every symbol's bars merged on one time axis of bar
 * *close* times, plus the funding points in feed order. It answers "what does the engine
 * get when the replay reveals one more step"; ./fold.ts is the only code that feeds it.
 *
 * Step `k` is the k-th distinct bar close time across all symbols (`closes[k]`). A bar is
 * revealed at its close, the moment it is complete: each symbol's close time is its own
 * open time + its own step (`SymbolSeries.step`), so a coarser series would reveal a bar
 * only at the step where it completes. A symbol with a recorded gap simply has no row at a
 * step (gaps stay gaps; the engine gets only the symbols that have a bar). `cursor` = number
 * of steps revealed.
 *
 * The tie rule (docs/sessions.md "Input order", docs/cli.md "Timing") — everything enters
 * the engine stamped with the time it becomes known; at equal times bars come first, then
 * funding, then commands. Advancing from cursor k to k+1 feeds
 *   1. funding points with close(k-1) < t < close(k), stamped at t (time order, scenario
 *      symbol order breaks ties);
 *   2. the bars of step k as one `bars` input stamped at close(k);
 *   3. funding points with t = close(k);
 *   4. on the very last step only: funding points up to the window's end (after the bar).
 * Commands given at cursor k+1 are applied after all of that, stamped close(k) (the close of
 * the latest revealed bar: the moment the user was looking at), in journal order.
 */
import { lastBarAt, markBarAt } from '../data/aggregate'
import type { LoadedScenario, SymbolSeries } from '../data/types'
import type { Bar, FundingPoint, SymbolId } from '../../../shared/market'
import { TIMEFRAME_MS } from '../../../shared/market'
import type { EngineInput } from '../../engine'

export interface FundingEntry {
  t: number
  symbol: SymbolId
  point: FundingPoint
  origin: SymbolSeries['fundingOrigin']
}

/** Part of the scenario to replay: bars opening in [from, to), funding with from ≤ t ≤ to (the last close). */
export interface TimelineWindow {
  from?: number
  to?: number
}

export interface Timeline {
  /** Distinct bar close times, ascending: step k reveals the bars that close at closes[k]. */
  closes: Float64Array
  /** Open time of the base bar of step k (closes[k] − stepMs). */
  times: Float64Array
  /** The base (finest) step. */
  stepMs: number
  symbols: SymbolId[]
  series: SymbolSeries[]
  /** rows[s][k] = row of symbol s revealed at step k, or -1 (gap). */
  rows: Int32Array[]
  /** revealed[s][k] = rows of symbol s revealed once cursor = k (length total + 1). */
  revealed: Int32Array[]
  /** All funding points in the window, in feed order. */
  funding: FundingEntry[]
  /** fundingCut[k] = how many funding entries are fed once cursor = k (length total + 1). */
  fundingCut: Int32Array
  /** End of the window: the last close; funding after it is never fed. */
  end: number
  total: number
}

/** First row of `time` (strictly increasing) at or after t. */
function firstAtOrAfter(time: Float64Array, t: number): number {
  let lo = 0
  let hi = time.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (time[mid]! < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The distinct close times of rows [lo[s], hi[s]) of every series (open times `opens[s]`,
 * steps `steps[s]`), ascending. Each series' closes are strictly increasing (open times are,
 * and its step is fixed), so this is a merge of sorted runs, O(rows × series) without a sort:
 * building the timeline is part of every session opening and of each crash of the coach's
 * stress test.
 */
function mergedCloses(
  opens: Float64Array[],
  steps: Float64Array,
  lo: Int32Array,
  hi: Int32Array,
): Float64Array {
  const n = opens.length
  let cap = 0
  for (let s = 0; s < n; s++) cap += hi[s]! - lo[s]!
  const out = new Float64Array(cap)
  const at = lo.slice()
  let m = 0
  for (;;) {
    let min = Infinity
    for (let s = 0; s < n; s++) {
      if (at[s]! >= hi[s]!) continue
      const c = opens[s]![at[s]!]! + steps[s]!
      if (c < min) min = c
    }
    if (min === Infinity) break
    out[m++] = min
    for (let s = 0; s < n; s++)
      if (at[s]! < hi[s]! && opens[s]![at[s]!]! + steps[s]! === min) at[s]!++
  }
  return m === cap ? out : out.slice(0, m)
}

/**
 * rows[k] = row of the series (open times `time`, step `step`) revealed at step k or -1, and
 * revealed[k] = its rows revealed once cursor = k; rows before `lo` count as revealed history.
 */
function seriesRows(
  time: Float64Array,
  step: number,
  lo: number,
  hi: number,
  closes: Float64Array,
): { rows: Int32Array; revealed: Int32Array } {
  const total = closes.length
  const rows = new Int32Array(total)
  const revealed = new Int32Array(total + 1)
  revealed[0] = lo
  let j = lo
  for (let k = 0; k < total; k++) {
    // every close of the series is one of `closes`, so j's close is never behind closes[k]
    if (j < hi && time[j]! + step === closes[k]!) {
      rows[k] = j++
      revealed[k + 1] = revealed[k]! + 1
    } else {
      rows[k] = -1
      revealed[k + 1] = revealed[k]!
    }
  }
  return { rows, revealed }
}

// Plain loops and typed arrays, no callbacks: a cold stress test builds eight of these before
// V8 has compiled anything.
export function buildTimeline(scenario: LoadedScenario, window: TimelineWindow = {}): Timeline {
  const series = scenario.series
  const n = series.length
  const stepMs = TIMEFRAME_MS[scenario.info.baseTimeframe]
  const from = window.from ?? -Infinity
  const to = window.to ?? Infinity
  const opens: Float64Array[] = []
  const steps = new Float64Array(n)
  const lo = new Int32Array(n)
  const hi = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const s = series[i]!
    opens.push(s.time)
    steps[i] = TIMEFRAME_MS[s.step]
    // open times are strictly increasing, so the rows in the window are one run [lo, hi)
    lo[i] = firstAtOrAfter(s.time, from)
    hi[i] = Math.max(lo[i]!, firstAtOrAfter(s.time, to))
  }
  const closes = mergedCloses(opens, steps, lo, hi)
  const total = closes.length
  const rows: Int32Array[] = []
  const revealed: Int32Array[] = []
  for (let i = 0; i < n; i++) {
    const r = seriesRows(opens[i]!, steps[i]!, lo[i]!, hi[i]!, closes)
    rows.push(r.rows)
    revealed.push(r.revealed)
  }
  const end = Math.min(to, scenario.info.end)
  const funding: FundingEntry[] = []
  for (const s of series)
    for (const p of s.funding)
      if (p.t >= from && p.t <= end)
        funding.push({ t: p.t, symbol: s.symbol, point: p, origin: s.fundingOrigin })
  const order = new Map(series.map((s, i) => [s.symbol, i]))
  funding.sort((a, b) => a.t - b.t || order.get(a.symbol)! - order.get(b.symbol)!)
  const fundingCut = new Int32Array(total + 1)
  let f = 0
  for (let k = 0; k < total; k++) {
    // advancing to cursor k+1 feeds the funding up to close(k); the last step everything left
    const limit = k === total - 1 ? Infinity : closes[k]!
    while (f < funding.length && funding[f]!.t <= limit) f++
    fundingCut[k + 1] = f
  }
  const times = new Float64Array(total)
  for (let k = 0; k < total; k++) times[k] = closes[k]! - stepMs
  return {
    closes,
    times,
    stepMs,
    symbols: series.map((s) => s.symbol),
    series,
    rows,
    revealed,
    funding,
    fundingCut,
    end,
    total,
  }
}

/** The engine inputs that advance the timeline from cursor k to k+1 (k < total); see the header. */
export function stepInputs(tl: Timeline, k: number): EngineInput[] {
  const close = tl.closes[k]!
  let f = tl.fundingCut[k]!
  const cut = tl.fundingCut[k + 1]!
  // Arrays made at their final length (a pushed-to array starts with room for 17): this runs
  // once per step of every fold, and its garbage was the largest share of a stress test's.
  const out = new Array<EngineInput>(cut - f + 1)
  let n = 0
  for (; f < cut && tl.funding[f]!.t < close; f++) out[n++] = fundingInput(tl.funding[f]!)
  out[n++] = barsInput(tl, k, close)
  for (; f < cut; f++) out[n++] = fundingInput(tl.funding[f]!)
  return out
}

/** The bars of step k: one per symbol with a row there. */
function barsInput(tl: Timeline, k: number, close: number): EngineInput {
  let count = 0
  for (let s = 0; s < tl.rows.length; s++) if (tl.rows[s]![k]! >= 0) count++
  const bars = new Array<{ symbol: SymbolId; last: Bar; mark: Bar }>(count)
  let b = 0
  for (let s = 0; s < tl.series.length; s++) {
    const row = tl.rows[s]![k]!
    if (row < 0) continue
    const ser = tl.series[s]!
    bars[b++] = { symbol: ser.symbol, last: lastBarAt(ser, row), mark: markBarAt(ser, row) }
  }
  return { kind: 'bars', t: close, bars }
}

function fundingInput(e: FundingEntry): EngineInput {
  return {
    kind: 'funding',
    t: e.t,
    symbol: e.symbol,
    rate: e.point.rate,
    markPrice: e.point.markPrice,
    origin: e.origin === 'recorded' ? 'recorded' : 'default',
  }
}

/**
 * Replay time at cursor k: the close of the latest revealed step, the moment the user is
 * looking at (issue 13.8: one convention: bars, fills and commands are stamped at a bar's
 * close, and so are the clock, the status, the coach's hits and the report). Before any bar
 * is revealed: the first bar's open.
 */
export function cursorTime(tl: Timeline, cursor: number): number {
  if (cursor <= 0) return tl.total > 0 ? tl.times[0]! : 0
  return tl.closes[Math.min(cursor, tl.total) - 1]!
}

/**
 * Replay time a command given at cursor k is stamped with: the close of the latest revealed
 * bar, or once every step is revealed the latest input fed (the window's last funding).
 */
export function commandTime(tl: Timeline, cursor: number): number {
  if (cursor <= 0) return tl.total > 0 ? tl.times[0]! : 0
  const close = tl.closes[Math.min(cursor, tl.total) - 1]!
  if (cursor < tl.total) return close
  const lastFunding = tl.funding[tl.funding.length - 1]?.t ?? -Infinity
  return Math.max(close, lastFunding)
}

/** Cursor reached by revealing every step that opens at or before t. */
export function cursorAt(tl: Timeline, t: number): number {
  return countAtOrBefore(tl.times, t)
}

/**
 * Cursor at which a command timed t (the CLI's scripts) is given: every bar that closed at or
 * before t is revealed; a command timed before the first close waits for it (an order needs a price).
 */
export function cursorForTime(tl: Timeline, t: number): number {
  return Math.max(Math.min(1, tl.total), countAtOrBefore(tl.closes, t))
}

function countAtOrBefore(xs: Float64Array, t: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid]! <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}
