/**
 * Crash stress test: "what if that crash started now?"
 *
 * From a snapshot of the session engine, each crash in the library is replayed onto the
 * current portfolio as *relative* moves: for a portfolio symbol S mapped to crash series X,
 *   last bar at step k = S.last × X.last[k] / X.open[0],   mark = S.mark × X.mark[k] / X.markOpen[0]
 * (every OHLC field, rounded to 8 decimals; a ratio of exactly 1 reproduces the recorded
 * bars). Session time runs on from `t0` with the crash's own spacing. Recorded funding is
 * fed with its recorded rate and its mark scaled the same way, in the replay timeline's order
 * (funding with time ≤ a bar's open goes before that bar). A symbol the crash does not hold
 * follows the crash's first symbol (usually BTC); the mapping is reported.
 *
 * Everything else — stops and take-profits firing (with gaps and slippage), margin calls,
 * liquidation, insurance fund — is the engine's, through the same code as a live session.
 * The run stops early once the portfolio has no position and no open order left.
 *
 * Worst margin ratio: the engine's ratio read at bar closes — every ~n/60 steps, at each new
 * high or low of a mark (1 % steps), at every step with events — plus margin-call events; 100 % when a
 * liquidation happened (the engine's trigger). An intrabar peak that recovers within one bar
 * and makes no new extreme is not seen.
 */
import type { StressResult } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import type { AccountView } from '../../../shared/trading/views'
import type { LoadedScenario, SymbolSeries } from '../data/types'
import { c, txt, type Cd } from './dec'
import type { CoachEngineFactory, EngineInput } from './ports'
import { MINUTE, worstRatio } from './sim'

export interface StressInput {
  factory: CoachEngineFactory
  snapshot: unknown
  view: AccountView
  /** Current last and mark per symbol. */
  prices: Record<SymbolId, { last: number; mark: number }>
  /** First session time of the crash path (after the latest revealed bar). */
  t0: number
  /** Sparkline points (default 60). */
  samples?: number
}

const r8 = (x: number) => Math.round(x * 1e8) / 1e8

/** A portfolio symbol mapped to a crash series, with the factors that rescale it to current prices. */
export interface CrashTrack {
  symbol: SymbolId
  series: SymbolSeries
  lastK: number
  markK: number
  markCk: Cd
}

/**
 * Map each symbol that has a current price to a crash series (its own, else the crash's first
 * one) with the rescaling factors current / crash start. Shared by the stress test and the
 * practice fork (practise.ts), so both play the very same path.
 */
export function crashTracks(
  crash: LoadedScenario,
  symbols: SymbolId[],
  prices: Record<SymbolId, { last: number; mark: number }>,
): CrashTrack[] {
  const primary = crash.series[0]
  const tracks: CrashTrack[] = []
  if (!primary) return tracks
  for (const symbol of symbols) {
    const p = prices[symbol]
    if (!p) continue
    const series = crash.series.find((x) => x.symbol === symbol) ?? primary
    tracks.push({
      symbol,
      series,
      lastK: p.last / series.open[0]!,
      markK: p.mark / series.markOpen[0]!,
      markCk: c(String(p.mark)).div(c(String(series.markOpen[0]!))),
    })
  }
  return tracks
}

/** Open time of the crash's first bar (any series). */
export function crashStartOf(crash: LoadedScenario): number {
  return Math.min(...crash.series.filter((s) => s.time.length > 0).map((s) => s.time[0]!))
}

/** Row `r` of a track's crash series, rescaled to current prices, as engine bars at time `t`. */
export function rescaledRow(
  tr: CrashTrack,
  r: number,
  t: number,
): { last: EngineBar; mark: EngineBar } {
  const s = tr.series
  const a = tr.lastK
  const m = tr.markK
  return {
    last: {
      t,
      o: r8(s.open[r]! * a),
      h: r8(s.high[r]! * a),
      l: r8(s.low[r]! * a),
      c: r8(s.close[r]! * a),
      v: s.volume[r]!,
    },
    mark: {
      t,
      o: r8(s.markOpen[r]! * m),
      h: r8(s.markHigh[r]! * m),
      l: r8(s.markLow[r]! * m),
      c: r8(s.markClose[r]! * m),
      v: 0,
    },
  }
}

/** A recorded funding point's mark price, rescaled like the mark path (the rate is kept). */
export function rescaledFundingMark(tr: CrashTrack, markPrice: string): string {
  return txt(c(markPrice).times(tr.markCk), 8)
}

export function stressTest(input: StressInput, crash: LoadedScenario): StressResult {
  const { view, prices, t0 } = input
  const engine = input.factory.restore(input.snapshot)
  const primary = crash.series[0]
  const startEquity = c(view.marginBalance)
  const base: StressResult = {
    scenarioId: crash.info.id,
    title: crash.info.title,
    mapping: {},
    liquidated: false,
    worstMarginRatio: txt(worstRatio(view), 4),
    startEquity: txt(startEquity, 2),
    finalEquity: txt(startEquity, 2),
    minEquity: txt(startEquity, 2),
    ordersFilled: 0,
    fundingPaid: '0',
    steps: 0,
    equity: [[0, Number(startEquity.toFixed(2))]],
  }
  if (!primary || primary.time.length === 0) return base

  // Portfolio symbols that have a price, each mapped to a crash series.
  const tracks = crashTracks(
    crash,
    view.symbols.map((s) => s.symbol),
    prices,
  )
  for (const tr of tracks) base.mapping[tr.symbol] = tr.series.symbol
  const crashStart = crashStartOf(crash)
  const times = unionTimes(tracks.map((t) => t.series))
  // Funding in feed order: [crash time, track index, point].
  const funding: {
    t: number
    k: number
    rate: string
    mark: string
    origin: SymbolSeries['fundingOrigin']
  }[] = []
  tracks.forEach((tr, k) => {
    for (const f of tr.series.funding) {
      if (f.t < crashStart) continue
      funding.push({
        t: f.t,
        k,
        rate: f.rate,
        mark: rescaledFundingMark(tr, f.markPrice),
        origin: tr.series.fundingOrigin,
      })
    }
  })
  funding.sort((a, b) => a.t - b.t || a.k - b.k)

  const samples = input.samples ?? 60
  const every = Math.max(1, Math.ceil(times.length / samples))
  const extremes = new Map<SymbolId, { lo: number; hi: number }>()
  const rowPtr = tracks.map(() => 0)
  let f = 0
  let worst = worstRatio(view)
  let minEq = startEquity
  let lastEq = startEquity
  let fundingSum = c(0)
  let ordersFilled = 0
  let liqT: number | undefined
  let steps = 0
  let exposure = true
  const equity: [number, number][] = [[0, Number(startEquity.toFixed(2))]]
  const sessionT = (ct: number) => t0 + (ct - crashStart)

  const observe = (mins: number) => {
    const v = engine.view()
    const eq = c(v.marginBalance)
    lastEq = eq
    if (eq.lt(minEq)) minEq = eq
    const w = worstRatio(v)
    if (w.gt(worst)) worst = w
    equity.push([mins, Number(eq.toFixed(2))])
    exposure = v.openOrders.length > 0 || v.positions.some((p) => !c(p.size).isZero())
  }

  for (let k = 0; k < times.length && exposure; k++) {
    const ct = times[k]!
    let touched = false
    while (f < funding.length && funding[f]!.t <= ct) {
      const fp = funding[f++]!
      const ev = engine.apply(fundingInput(sessionT(fp.t), tracks[fp.k]!.symbol, fp))
      for (const e of ev) if (e.type === 'fundingSettled') fundingSum = fundingSum.plus(c(e.amount))
      touched ||= ev.length > 0
    }
    const bars: { symbol: SymbolId; last: EngineBar; mark: EngineBar }[] = []
    const st = sessionT(ct)
    for (let i = 0; i < tracks.length; i++) {
      const tr = tracks[i]!
      const s = tr.series
      let r = rowPtr[i]!
      while (r < s.time.length && s.time[r]! < ct) r++
      rowPtr[i] = r
      if (r >= s.time.length || s.time[r] !== ct) continue
      bars.push({ symbol: tr.symbol, ...rescaledRow(tr, r, st) })
    }
    const ev = bars.length ? engine.apply({ kind: 'bars', t: st, bars }) : []
    steps++
    // A new high or low of any mark (1 % beyond the last one looked at): look at the account.
    for (const b of bars) {
      const x = extremes.get(b.symbol)
      if (!x) extremes.set(b.symbol, { lo: b.mark.l, hi: b.mark.h })
      else if (b.mark.l < x.lo * 0.99 || b.mark.h > x.hi * 1.01) {
        x.lo = Math.min(x.lo, b.mark.l)
        x.hi = Math.max(x.hi, b.mark.h)
        touched = true
      }
    }
    for (const e of ev) {
      if (e.type === 'marginCall' && c(e.marginRatio).gt(worst)) worst = c(e.marginRatio)
      if (e.type === 'liquidation' && liqT === undefined) {
        liqT = e.t
        base.firstFailure = {
          symbol: e.symbol,
          positionSide: e.positionSide,
          t: e.t,
          afterMinutes: (e.t - t0) / MINUTE,
        }
      }
      if (e.type === 'orderFilled' && e.order.origin !== 'LIQUIDATION' && e.order.origin !== 'ADL')
        ordersFilled++
    }
    const mins = (st - t0) / MINUTE
    if (ev.length > 0 || touched || k % every === 0) observe(mins)
  }
  // Funding after the last bar (inside the window) still settles on what is left.
  if (exposure) {
    while (f < funding.length) {
      const fp = funding[f++]!
      for (const e of engine.apply(fundingInput(sessionT(fp.t), tracks[fp.k]!.symbol, fp)))
        if (e.type === 'fundingSettled') fundingSum = fundingSum.plus(c(e.amount))
    }
  }
  const lastT = times.length ? sessionT(times[Math.min(steps, times.length) - 1]!) : t0
  observe((lastT - t0) / MINUTE)

  return {
    ...base,
    liquidated: liqT !== undefined,
    liquidatedAt: liqT,
    liquidatedAfterMinutes: liqT === undefined ? undefined : (liqT - t0) / MINUTE,
    crashTime: liqT === undefined ? undefined : crashStart + (liqT - t0),
    // Liquidation happens at a margin ratio of 100 % by definition (the engine's trigger).
    worstMarginRatio: txt(liqT !== undefined && worst.lt(100) ? c(100) : worst, 4),
    finalEquity: txt(lastEq, 2),
    minEquity: txt(minEq, 2),
    ordersFilled,
    fundingPaid: txt(fundingSum.neg(), 8),
    steps,
    equity: thin(equity, samples),
  }
}

export type EngineBar = { t: number; o: number; h: number; l: number; c: number; v: number }

function fundingInput(
  t: number,
  symbol: SymbolId,
  fp: { rate: string; mark: string; origin: SymbolSeries['fundingOrigin'] },
): EngineInput {
  return { kind: 'funding', t, symbol, rate: fp.rate, markPrice: fp.mark, origin: fp.origin }
}

function unionTimes(series: SymbolSeries[]): Float64Array {
  const uniq = [...new Set(series)]
  if (uniq.length === 1) return uniq[0]!.time
  const all: number[] = []
  for (const s of uniq) for (let i = 0; i < s.time.length; i++) all.push(s.time[i]!)
  all.sort((a, b) => a - b)
  const out: number[] = []
  for (const t of all) if (out.length === 0 || out[out.length - 1] !== t) out.push(t)
  return Float64Array.from(out)
}

/** Keep at most ~n points, always the first and the last, in time order. */
function thin(points: [number, number][], n: number): [number, number][] {
  const sorted = points.slice().sort((a, b) => a[0] - b[0])
  if (sorted.length <= n * 2) return sorted
  const step = sorted.length / n
  const out: [number, number][] = []
  for (let i = 0; i < n; i++) out.push(sorted[Math.floor(i * step)]!)
  out.push(sorted[sorted.length - 1]!)
  return out
}
