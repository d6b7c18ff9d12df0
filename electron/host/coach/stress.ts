/**
 * Crash stress test: "what if that crash started now?"
 *
 * From a snapshot of the session engine, each crash in the library is replayed onto the
 * current portfolio as *relative* moves: for a portfolio symbol S mapped to crash series X,
 *   last bar at step k = S.last × X.last[k] / X.open[0],   mark = S.mark × X.mark[k] / X.markOpen[0]
 * (every OHLC field, rounded to 8 decimals; a ratio of exactly 1 reproduces the recorded
 * bars). Session time runs on from `t0` (the crash's first bar opens there) with the crash's
 * own spacing. Recorded funding is fed with its recorded rate and its mark scaled the same
 * way. The rescaled crash is folded through the one fold a session uses (replay/fold.ts), so
 * bars, funding and their tie rule are the desk's. A symbol the crash does not hold
 * follows the crash's first symbol (usually BTC); the mapping is reported.
 *
 * Everything else — stops and take-profits firing (with gaps and slippage), margin calls,
 * liquidation, insurance fund — is the engine's, through the same code as a live session.
 * The run stops early once the portfolio has no position and no open order left.
 *
 * Worst margin ratio: the engine's ratio (its risk read, = the view's figures) read at bar closes — every ~n/60 steps, at each new
 * high or low of a mark (1 % steps), at every step with events — plus margin-call events; 100 % when a
 * liquidation happened (the engine's trigger). An intrabar peak that recovers within one bar
 * and makes no new extreme is not seen.
 */
import type { StressPositionFailure, StressResult } from '../../../shared/contract/coach'
import type { SymbolId } from '../../../shared/market'
import type { AccountView } from '../../../shared/trading/views'
import type { LoadedScenario, SymbolSeries } from '../data/types'
import { c, txt, type Cd } from './dec'
import type { EngineEvent } from '../../../shared/trading/events'
import { foldStep, startFold, type Decision } from '../replay/fold'
import { buildTimeline, type Timeline } from '../replay/timeline'
import type { EngineFactory, EnginePort } from './ports'
import { MINUTE, worstRatio } from './engine-copy'

export interface StressInput {
  factory: EngineFactory
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

/**
 * The crash as a scenario of the portfolio's symbols: each track's recorded rows rescaled to
 * current prices (every OHLC field to 8 decimals, last prices optionally to the tick), times
 * moved by `shift`, funding from the crash start on with its recorded rate and its mark scaled
 * like the mark path. The stress test folds it (shifted to session time) through the one fold;
 * "Practise it" writes it (unshifted) as a user scenario, so both play the very same path.
 */
export function rescaledScenario(
  crash: LoadedScenario,
  tracks: CrashTrack[],
  opts: { shift?: number; lastPrice?: (symbol: SymbolId, x: number) => number } = {},
): LoadedScenario {
  const shift = opts.shift ?? 0
  const crashStart = crashStartOf(crash)
  // tracks following the same crash series share one shifted time column
  const times = new Map<SymbolSeries, Float64Array>()
  const shifted = (s: SymbolSeries) => {
    let t = times.get(s)
    if (!t) times.set(s, (t = shift === 0 ? s.time : plus(s.time, shift)))
    return t
  }
  const series = tracks.map((tr): SymbolSeries => {
    const s = tr.series
    const last = (src: Float64Array) =>
      opts.lastPrice ? scaledTo(src, tr.lastK, tr.symbol, opts.lastPrice) : scaled(src, tr.lastK)
    return {
      symbol: tr.symbol,
      step: s.step,
      time: shifted(s),
      open: last(s.open),
      high: last(s.high),
      low: last(s.low),
      close: last(s.close),
      volume: s.volume,
      markOpen: scaled(s.markOpen, tr.markK),
      markHigh: scaled(s.markHigh, tr.markK),
      markLow: scaled(s.markLow, tr.markK),
      markClose: scaled(s.markClose, tr.markK),
      markOrigin: s.markOrigin,
      funding: s.funding
        .filter((f) => f.t >= crashStart)
        .map((f) => ({
          t: f.t + shift,
          rate: f.rate,
          markPrice: txt(c(f.markPrice).times(tr.markCk), 8),
        })),
      fundingOrigin: s.fundingOrigin,
    }
  })
  return {
    info: { ...crash.info, start: crashStart + shift, end: crash.info.end + shift },
    series,
  }
}

// Plain loops over the columns (no callback per row): the stress test rescales every crash's
// rows for each portfolio symbol, and most of that runs before the JIT has warmed up.
function scaled(src: Float64Array, k: number): Float64Array {
  const out = new Float64Array(src.length)
  for (let r = 0; r < src.length; r++) out[r] = r8(src[r]! * k)
  return out
}

function scaledTo(
  src: Float64Array,
  k: number,
  symbol: SymbolId,
  lastPrice: (symbol: SymbolId, x: number) => number,
): Float64Array {
  const out = new Float64Array(src.length)
  for (let r = 0; r < src.length; r++) out[r] = lastPrice(symbol, r8(src[r]! * k))
  return out
}

function plus(src: Float64Array, d: number): Float64Array {
  const out = new Float64Array(src.length)
  for (let r = 0; r < src.length; r++) out[r] = src[r]! + d
  return out
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
  const path = buildTimeline(rescaledScenario(crash, tracks, { shift: t0 - crashStart }))
  const run = new StressRun(engine, path, t0, startEquity, worstRatio(view))
  run.fold(input.samples ?? 60)
  const liqT = run.failure?.t
  if (run.failure) base.firstFailure = run.failure
  return {
    ...base,
    liquidated: liqT !== undefined,
    liquidatedAt: liqT,
    liquidatedAfterMinutes: liqT === undefined ? undefined : (liqT - t0) / MINUTE,
    crashTime: liqT === undefined ? undefined : crashStart + (liqT - t0),
    // Liquidation happens at a margin ratio of 100 % by definition (the engine's trigger).
    worstMarginRatio: txt(liqT !== undefined && run.worst.lt(100) ? c(100) : run.worst, 4),
    finalEquity: txt(run.lastEq, 2),
    minEquity: txt(run.minEq, 2),
    ordersFilled: run.ordersFilled,
    fundingPaid: txt(run.fundingSum.neg(), 8),
    steps: run.steps,
    equity: thin(run.equity, input.samples ?? 60),
  }
}

const NO_DECISIONS: readonly Decision[] = []

/**
 * One crash path folded through the engine copy, with what the result needs gathered along
 * the way. A class with fixed fields and its loop in one small method: the loop is what V8
 * compiles while the first crashes run (a cold stress test), so it is kept free of the setup
 * and of the result's assembly, whose object shapes differ from crash to crash.
 */
class StressRun {
  worst: Cd
  minEq: Cd
  lastEq: Cd
  fundingSum: Cd = c(0)
  ordersFilled = 0
  failure: StressPositionFailure | undefined = undefined
  exposure = true
  steps = 0
  readonly equity: [number, number][]
  /** Lowest and highest mark seen per series of the path (one series per portfolio symbol). */
  private readonly exLo: Float64Array
  private readonly exHi: Float64Array

  constructor(
    private readonly engine: EnginePort,
    private readonly path: Timeline,
    private readonly t0: number,
    startEquity: Cd,
    worst: Cd,
  ) {
    this.worst = worst
    this.minEq = startEquity
    this.lastEq = startEquity
    this.equity = [[0, Number(startEquity.toFixed(2))]]
    this.exLo = new Float64Array(path.series.length).fill(NaN)
    this.exHi = new Float64Array(path.series.length).fill(NaN)
  }

  /** The one fold (replay/fold.ts) with no decisions: the portfolio is already in the engine. */
  fold(samples: number): void {
    const { path, t0 } = this
    const every = Math.max(1, Math.ceil(path.total / samples))
    const st = startFold(this.engine)
    const ev: EngineEvent[] = []
    while (st.cursor < path.total && this.exposure) {
      const k = st.cursor
      if (ev.length > 0) ev.length = 0
      foldStep(st, path, NO_DECISIONS, ev)
      const touched = this.newExtreme(k)
      if (ev.length > 0) this.onEvents(ev)
      if (ev.length > 0 || touched || k % every === 0) this.observe((path.closes[k]! - t0) / MINUTE)
    }
    this.steps = st.cursor
    const lastT = this.steps > 0 ? path.closes[this.steps - 1]! : t0
    this.observe((lastT - t0) / MINUTE)
  }

  /** A new high or low of any mark (1 % beyond the last one looked at) at step k. */
  private newExtreme(k: number): boolean {
    const { path, exLo, exHi } = this
    let touched = false
    for (let i = 0; i < path.series.length; i++) {
      const row = path.rows[i]![k]!
      if (row < 0) continue
      const lo = path.series[i]!.markLow[row]!
      const hi = path.series[i]!.markHigh[row]!
      if (Number.isNaN(exLo[i]!)) {
        exLo[i] = lo
        exHi[i] = hi
      } else if (lo < exLo[i]! * 0.99 || hi > exHi[i]! * 1.01) {
        exLo[i] = Math.min(exLo[i]!, lo)
        exHi[i] = Math.max(exHi[i]!, hi)
        touched = true
      }
    }
    return touched
  }

  private onEvents(ev: EngineEvent[]): void {
    for (let i = 0; i < ev.length; i++) {
      const e = ev[i]!
      if (e.type === 'fundingSettled') this.fundingSum = this.fundingSum.plus(c(e.amount))
      if (e.type === 'marginCall' && c(e.marginRatio).gt(this.worst)) this.worst = c(e.marginRatio)
      if (e.type === 'liquidation' && this.failure === undefined)
        this.failure = {
          symbol: e.symbol,
          positionSide: e.positionSide,
          t: e.t,
          afterMinutes: (e.t - this.t0) / MINUTE,
        }
      if (e.type === 'orderFilled' && e.order.origin !== 'LIQUIDATION' && e.order.origin !== 'ADL')
        this.ordersFilled++
    }
  }

  /** The engine's risk read: the view's figures without building the view on every sample. */
  private observe(mins: number): void {
    const r = this.engine.risk()
    const eq = c(r.marginBalance)
    this.lastEq = eq
    if (eq.lt(this.minEq)) this.minEq = eq
    const w = c(r.worstMarginRatio)
    if (w.gt(this.worst)) this.worst = w
    this.equity.push([mins, Number(eq.toFixed(2))])
    this.exposure = r.exposed
  }
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
