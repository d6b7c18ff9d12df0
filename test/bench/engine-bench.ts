/**
 * Engine throughput bench (issue 4 "Speed", issue 16 "the hard case"). Two synthetic years
 * of 1-minute bars from a seeded walk with realistic volatility (≈ 0.07 %/min with volatility
 * clustering, occasional jumps, a mark that wanders around the last price), fed through the
 * engine with the fast path on and off, each the median of the same number of runs:
 *
 * - quiet: BTCUSDT + ETHUSDT (2 × 525,600 symbol-bars), BTC long (cross 10x) + ETH short
 *   (isolated 3x) ≈ 4x effective on the account, 20 reduce-only stops/take-profits 3–15 % from
 *   the price re-centred once a week (cancel + place), funding every 8 h. Most bars change
 *   nothing but the prices.
 * - busy: BTCUSDT alone (one year = 525,600 bars = steps), a long at 20x, 20 far stops/
 *   take-profits, and a limit buy and a limit sell ±0.05 % around the close re-placed every
 *   5 bars (the unfilled ones cancelled first): a fill every few bars, a command nearly every bar.
 *
 * Printed: steps/s and symbol-bars/s (separately), Decimal-path steps, fills, commands, the
 * cost of a Decimal-path bar and of a command (busy run, every apply timed), and a verdict per
 * target. The full path (`fastPath: false`) costs ~30–70 µs per step even when quiet, so its
 * runs cover the first WINDOW_DAYS days and the fast/full ratio is taken over that same
 * window with the same run count. Data generation is outside the timed loops.
 */
import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import type { Bar } from '../../shared/market'
import type { TradeCommand } from '../../shared/trading/commands'
import type { EngineEvent } from '../../shared/trading/events'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { createEngine, engineStats, type Engine, type EngineInput } from '../../electron/engine'
import { cpuSince, fmt, load, median, RUNS, verdict } from './stats'

const MINUTES = 525_600
const WINDOW_DAYS = 30
const DAY = 1440
const T0 = Date.UTC(2025, 6, 1)

/** mulberry32: tiny seeded PRNG (bench only; the engine never uses randomness). */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface Series {
  o: Float64Array
  h: Float64Array
  l: Float64Array
  c: Float64Array
  v: Float64Array
  mo: Float64Array
  mh: Float64Array
  ml: Float64Array
  mc: Float64Array
}

/**
 * Log-price walk: per-minute σ = 0.07 % × exp(h) with h an AR(1) (volatility clusters), a
 * weak pull back to the start (stationary spread ≈ ±10 % so a year stays in a tradable
 * range), a 1-in-20,000 jump of 1–4 %, and a mark = last × (1 + basis), basis an AR(1) of a
 * few basis points. Prices on the tick (dp decimals).
 */
export function walk(seed: number, start: number, dp: number, n: number): Series {
  const r = prng(seed)
  const gauss = () => {
    const u = Math.max(r(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r())
  }
  const k = 10 ** dp
  const q = (x: number) => Math.round(x * k) / k
  const mk = () => new Float64Array(n)
  const s: Series = {
    o: mk(),
    h: mk(),
    l: mk(),
    c: mk(),
    v: mk(),
    mo: mk(),
    mh: mk(),
    ml: mk(),
    mc: mk(),
  }
  const l0 = Math.log(start)
  let lp = l0
  let hv = 0
  let basis = 0
  for (let i = 0; i < n; i++) {
    hv = 0.999 * hv + 0.03 * gauss()
    const sigma = 0.0007 * Math.exp(hv)
    let ret = sigma * gauss() - 4e-5 * (lp - l0)
    if (r() < 1 / 20_000) ret += (r() < 0.5 ? -1 : 1) * (0.01 + 0.03 * r())
    const o = q(Math.exp(lp))
    lp += ret
    const c = q(Math.exp(lp))
    const h = q(Math.max(o, c) * (1 + Math.abs(gauss()) * sigma * 0.6))
    const l = q(Math.min(o, c) * (1 - Math.abs(gauss()) * sigma * 0.6))
    basis = 0.98 * basis + 0.00003 * gauss()
    const f = 1 + basis
    s.o[i] = o
    s.h[i] = h
    s.l[i] = l
    s.c[i] = c
    s.v[i] = Math.round(50 + 200 * r() * Math.exp(hv))
    s.mo[i] = q(o * f)
    s.mc[i] = q(c * f)
    s.mh[i] = Math.max(q(h * f), s.mo[i]!, s.mc[i]!)
    s.ml[i] = Math.min(q(l * f), s.mo[i]!, s.mc[i]!)
  }
  return s
}

/** No commands this step (one shared list: the harness allocates nothing on a quiet step). */
const NONE: readonly TradeCommand[] = Object.freeze([])

interface Workload {
  name: string
  symbols: string[]
  data: Series[]
  settings: typeof DEFAULT_ENGINE_SETTINGS
  /** Commands at setup (after the first bar). */
  setup: (px: number[]) => TradeCommand[]
  /**
   * Commands before step i, given the previous step's close of symbol k (`close(k)`, read only
   * on the steps that place orders) and the ids of this workload's live orders.
   */
  every: (
    i: number,
    close: (symbol: number) => number,
    live: Map<string, string>,
  ) => readonly TradeCommand[]
  /** Told when a position of the symbol closed (stopped out or liquidated). */
  closed?: (symbol: string) => void
}

type BarsInput = Extract<EngineInput, { kind: 'bars' }>

interface RunResult {
  seconds: number
  cpuSeconds: number
  steps: number
  symbolBars: number
  slowSteps: number
  events: number
  fills: number
  liquidations: number
  commands: number
  rejected: number
  /** Time inside apply() of bar inputs that took the Decimal path, and of commands (ms). */
  slowMs: number
  commandMs: number
  /** Of those, the setup's commands (sent before the timed steps) and their time. */
  setupCommands: number
  setupMs: number
  /** Funding inputs and the time inside their apply() (ms; timed with `timeEach` only). */
  fundings: number
  fundingMs: number
  /** With `views`: positionChanged views read, and the time spent reading them (inside slowMs/commandMs). */
  views: number
  viewMs: number
}

const order = (
  symbol: string,
  side: 'BUY' | 'SELL',
  type: 'STOP_MARKET' | 'TAKE_PROFIT_MARKET',
  quantity: string,
  stopPrice: string,
  tag: string,
): TradeCommand => ({
  kind: 'placeOrder',
  symbol,
  side,
  positionSide: 'BOTH',
  type,
  quantity,
  stopPrice,
  reduceOnly: true,
  clientOrderId: tag,
})

/**
 * Quiet: BTC + ETH at ≈ 4x effective, 20 reduce-only stops/take-profits 3–15 % away,
 * re-centred weekly (cancel + place); a position that was liquidated or stopped out is
 * re-opened at the next re-centring, as a trader would.
 */
function quietWorkload(data: Series[]): Workload {
  const WEEK = 7 * DAY
  const open = { BTCUSDT: true, ETHUSDT: true }
  const bracket = (px: number[]): TradeCommand[] => {
    const out: TradeCommand[] = []
    for (let i = 0; i < 5; i++) {
      const d = 0.03 + 0.03 * i
      out.push(
        order('BTCUSDT', 'SELL', 'STOP_MARKET', '0.010', (px[0]! * (1 - d)).toFixed(1), `qb${i}s`),
        order(
          'BTCUSDT',
          'SELL',
          'TAKE_PROFIT_MARKET',
          '0.010',
          (px[0]! * (1 + d)).toFixed(1),
          `qb${i}t`,
        ),
        order('ETHUSDT', 'BUY', 'STOP_MARKET', '0.100', (px[1]! * (1 + d)).toFixed(2), `qe${i}s`),
        order(
          'ETHUSDT',
          'BUY',
          'TAKE_PROFIT_MARKET',
          '0.100',
          (px[1]! * (1 - d)).toFixed(2),
          `qe${i}t`,
        ),
      )
    }
    return out
  }
  const positions = (): TradeCommand[] => {
    const out: TradeCommand[] = []
    if (!open.BTCUSDT) out.push(market('BTCUSDT', 'BUY', '1.200'))
    if (!open.ETHUSDT) out.push(market('ETHUSDT', 'SELL', '10.000'))
    open.BTCUSDT = open.ETHUSDT = true
    return out
  }
  return {
    name: 'quiet',
    symbols: ['BTCUSDT', 'ETHUSDT'],
    data,
    settings: { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '25000' },
    setup: (px) => {
      open.BTCUSDT = open.ETHUSDT = false
      return [
        { kind: 'setMarginType', symbol: 'ETHUSDT', marginType: 'ISOLATED' },
        { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 10 },
        { kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 3 },
        ...positions(),
        ...bracket(px),
      ]
    },
    every: (i, close, live) => {
      if (i % WEEK !== 0) return NONE
      const out: TradeCommand[] = [...live.values()].map((orderId) => ({
        kind: 'cancelOrder' as const,
        orderId,
      }))
      return [...out, ...positions(), ...bracket([close(0), close(1)])]
    },
    closed: (symbol) => {
      if (symbol === 'BTCUSDT' || symbol === 'ETHUSDT') open[symbol] = false
    },
  }
}

function market(symbol: string, side: 'BUY' | 'SELL', quantity: string): TradeCommand {
  return { kind: 'placeOrder', symbol, side, positionSide: 'BOTH', type: 'MARKET', quantity }
}

/** Busy: BTC alone, 20x long, 20 far stops/TPs, limit buy and sell ±0.05 % re-placed every 5 bars. */
function busyWorkload(data: Series[]): Workload {
  return {
    name: 'busy',
    symbols: ['BTCUSDT'],
    data,
    settings: { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '100000' },
    setup: (px) => {
      const out: TradeCommand[] = [
        { kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 20 },
        market('BTCUSDT', 'BUY', '1.000'),
      ]
      for (let i = 0; i < 10; i++) {
        const lo = (px[0]! * (0.3 + i * 0.03)).toFixed(1)
        const hi = (px[0]! * (1.6 + i * 0.1)).toFixed(1)
        out.push(
          order('BTCUSDT', 'SELL', 'STOP_MARKET', '0.010', lo, `far${i}s`),
          order('BTCUSDT', 'SELL', 'TAKE_PROFIT_MARKET', '0.010', hi, `far${i}t`),
        )
      }
      return out
    },
    every: (i, close, live) => {
      if (i % 5 !== 0) return NONE
      const out: TradeCommand[] = []
      for (const tag of ['bid', 'ask']) {
        const id = live.get(tag)
        if (id) out.push({ kind: 'cancelOrder', orderId: id })
      }
      const c = close(0)
      const limit = (side: 'BUY' | 'SELL', price: string): TradeCommand => ({
        kind: 'placeOrder',
        symbol: 'BTCUSDT',
        side,
        positionSide: 'BOTH',
        type: 'LIMIT',
        quantity: '0.002',
        price,
        timeInForce: 'GTC',
        clientOrderId: side === 'BUY' ? 'bid' : 'ask',
      })
      out.push(
        limit('BUY', (Math.floor(c * 0.9995 * 10) / 10).toFixed(1)),
        limit('SELL', (Math.ceil(c * 1.0005 * 10) / 10).toFixed(1)),
      )
      return out
    },
  }
}

/**
 * Reads every positionChanged event's view, the way a consumer of the events (the desk, the
 * journal, the sim CLI) does: the engine builds it when first read (position-event.ts).
 */
function readViews(ev: readonly EngineEvent[]): number {
  let n = 0
  for (const e of ev)
    if (e.type === 'positionChanged') {
      void e.position
      n++
    }
  return n
}

/**
 * One run of a workload over `steps` minutes; every apply() timed when `timeEach`, with the
 * views of its events read inside the timing when `views`.
 */
export function runWorkload(
  w: Workload,
  fastPath: boolean,
  steps: number,
  timeEach: boolean,
  digest?: (e: EngineEvent) => void,
  views = false,
): RunResult {
  const eng: Engine = createEngine({ symbols: w.symbols, settings: w.settings, fastPath })
  const mkBar = (): Bar => ({ t: 0, o: 0, h: 0, l: 0, c: 0, v: 0 })
  const mkInput = (): BarsInput => ({
    kind: 'bars',
    t: T0,
    bars: w.symbols.map((symbol) => ({ symbol, last: mkBar(), mark: mkBar() })),
  })
  // A day of inputs, refilled from the series before each day with the clocks stopped: the
  // figures are the engine's, not the copying of 9 numbers per symbol-bar into its input
  // (≈ 35–45 ns a step, a fifth of a quiet step; docs/performance.md "Session 6, the
  // harness"). The objects are reused, so the harness makes no garbage while timed.
  const day = Array.from({ length: Math.min(DAY, steps) }, mkInput)
  const px = w.symbols.map(() => 0)
  const closes = w.data.map((s) => s.c)
  let at = 0
  const close = (k: number): number => closes[k]![at - 1]!
  const live = new Map<string, string>()
  const res: RunResult = {
    seconds: 0,
    cpuSeconds: 0,
    steps: 0,
    symbolBars: 0,
    slowSteps: 0,
    events: 0,
    fills: 0,
    liquidations: 0,
    commands: 0,
    rejected: 0,
    slowMs: 0,
    commandMs: 0,
    setupCommands: 0,
    setupMs: 0,
    fundings: 0,
    fundingMs: 0,
    views: 0,
    viewMs: 0,
  }
  // Live orders by clientOrderId: the bench reads only what it needs from the events.
  const track = (ev: readonly EngineEvent[]) => {
    res.events += ev.length
    for (const e of ev) {
      digest?.(e)
      if (e.type === 'orderAccepted') {
        if (e.order.clientOrderId) live.set(e.order.clientOrderId, e.order.orderId)
      } else if (e.type === 'orderFilled') {
        res.fills++
        if (e.order.status === 'FILLED' && e.order.clientOrderId) live.delete(e.order.clientOrderId)
      } else if (e.type === 'orderCanceled') {
        if (e.order.clientOrderId && live.get(e.order.clientOrderId) === e.order.orderId)
          live.delete(e.order.clientOrderId)
      } else if (e.type === 'commandRejected') res.rejected++
      else if (e.type === 'liquidation') res.liquidations++
      else if (e.type === 'positionClosed') w.closed?.(e.symbol)
    }
  }
  const fill = (into: BarsInput, i: number, t: number) => {
    into.t = t
    const rows = into.bars
    for (let k = 0; k < rows.length; k++) {
      const s = w.data[k]!
      const L = rows[k]!.last
      const M = rows[k]!.mark
      L.t = M.t = t
      L.o = s.o[i]!
      L.h = s.h[i]!
      L.l = s.l[i]!
      L.c = s.c[i]!
      L.v = s.v[i]!
      M.o = s.mo[i]!
      M.h = s.mh[i]!
      M.l = s.ml[i]!
      M.c = s.mc[i]!
    }
  }
  const read = (ev: readonly EngineEvent[]) => {
    // (only inputs with a view are timed: a clock read costs ~1 µs, most inputs have none)
    if (!ev.some((e) => e.type === 'positionChanged')) return
    const a = performance.now()
    res.views += readViews(ev)
    res.viewMs += performance.now() - a
  }
  const command = (t: number, c: TradeCommand) => {
    res.commands++
    if (!timeEach) {
      const ev = eng.apply({ kind: 'command', t, command: c })
      if (views) read(ev)
      return track(ev)
    }
    const a = performance.now()
    const ev = eng.apply({ kind: 'command', t, command: c })
    if (views) read(ev)
    res.commandMs += performance.now() - a
    track(ev)
  }
  const first = day[0]!
  fill(first, 0, T0)
  for (let k = 0; k < px.length; k++) px[k] = w.data[k]!.c[0]!
  eng.apply(first)
  for (const c of w.setup(px)) command(T0, c)
  res.setupCommands = res.commands
  res.setupMs = res.commandMs
  const slow0 = engineStats(eng).slowBarInputs
  let wallMs = 0
  let cpuSec = 0
  for (let from = 1; from < steps; from += day.length) {
    const to = Math.min(steps, from + day.length)
    for (let i = from; i < to; i++) fill(day[i - from]!, i, T0 + i * 60_000)
    // the CPU clock outside the wall clock: a cpuUsage() call costs a few µs
    const cpu0 = process.cpuUsage()
    const started = performance.now()
    for (let i = from; i < to; i++) {
      const t = T0 + i * 60_000
      // An indexed loop: `for…of` over the shared frozen empty list cost ≈ 9 ns a step and
      // copying the closes into px ≈ 3 ns, a fifth of a quiet step (docs/performance.md
      // "Session 7, the harness"); every() reads a close only on the steps that place orders.
      at = i
      const cmds = w.every(i, close, live)
      for (let j = 0; j < cmds.length; j++) command(t, cmds[j]!)
      const input = day[i - from]!
      if (timeEach) {
        const before = engineStats(eng).slowBarInputs
        const a = performance.now()
        const ev = eng.apply(input)
        if (views) read(ev)
        const ms = performance.now() - a
        if (engineStats(eng).slowBarInputs !== before) res.slowMs += ms
        if (ev.length) track(ev)
      } else {
        const ev = eng.apply(input)
        if (views) read(ev)
        if (ev.length) track(ev)
      }
      if (i % 480 === 0)
        for (let k = 0; k < w.symbols.length; k++) {
          const f = {
            kind: 'funding' as const,
            t,
            symbol: w.symbols[k]!,
            rate: '0.0001',
            markPrice: String(w.data[k]!.mc[i]),
            origin: 'recorded' as const,
          }
          res.fundings++
          if (!timeEach) {
            track(eng.apply(f))
            continue
          }
          const a = performance.now()
          const ev = eng.apply(f)
          res.fundingMs += performance.now() - a
          track(ev)
        }
    }
    wallMs += performance.now() - started
    cpuSec += cpuSince(cpu0)
  }
  res.seconds = wallMs / 1000
  res.cpuSeconds = cpuSec
  res.steps = steps - 1
  res.symbolBars = res.steps * w.symbols.length
  res.slowSteps = engineStats(eng).slowBarInputs - slow0
  return res
}

interface Summary {
  runs: RunResult[]
  stepsPerSec: number
  barsPerSec: number
  /** Symbol-bars per second of process CPU time. */
  barsPerCpu: number
  first: RunResult
}

/**
 * How long each series first runs unmeasured. V8 keeps tiering the engine's code up for about
 * half a second of running it: five fast years in a row read 5.7, 9.5, 12.2, 15.4 and
 * 14.7 M symbol-bars/s, eight reached 20 M, and the 30-day fast windows (≈ 4 ms each) that
 * followed them read 9.7–13.9 M for their first few runs, then 20–22 M; under
 * `--single-threaded` the same ramp shows with process CPU equal to wall time, so it is
 * compilation, not garbage collection (docs/performance.md "Session 7, warm-up before each
 * series"). The same rule for every series: a full-path window (≈ 200 ms) warms up with three
 * runs, a fast window with over a hundred. The `--quiet-window` mode already warmed up.
 */
const WARM_UP_MS = 500

function measure(
  w: Workload,
  fastPath: boolean,
  steps: number,
  timeEach = false,
  views = false,
): Summary {
  // Unmeasured runs of the same series first, for at least WARM_UP_MS (at least one run).
  const started = performance.now()
  do runWorkload(w, fastPath, steps, timeEach, undefined, views)
  while (performance.now() - started < WARM_UP_MS)
  const runs = Array.from({ length: RUNS }, () =>
    runWorkload(w, fastPath, steps, timeEach, undefined, views),
  )
  const first = runs[0]!
  return {
    runs,
    first,
    stepsPerSec: median(runs.map((r) => r.steps / r.seconds)),
    barsPerSec: median(runs.map((r) => r.symbolBars / r.seconds)),
    barsPerCpu: median(runs.map((r) => r.symbolBars / r.cpuSeconds)),
  }
}

function describe(label: string, s: Summary): string {
  const r = s.first
  return (
    `${label}: median of ${s.runs.length}: ${fmt(s.stepsPerSec)} steps/s = ${fmt(s.barsPerSec)} symbol-bars/s ` +
    `(${fmt(s.barsPerCpu)} symbol-bars/s of process CPU time) ` +
    `(${fmt(r.steps)} steps; Decimal-path steps ${fmt(r.slowSteps)} (${((100 * r.slowSteps) / r.steps).toFixed(2)} %), ` +
    `fills ${fmt(r.fills)}, liquidations ${r.liquidations}, commands ${fmt(r.commands)} (${fmt(r.rejected)} rejected), events ${fmt(r.events)}) [${load()}]`
  )
}

/**
 * One busy (or quiet) run for `node --cpu-prof out/main/bench.js --profile-busy [minutes]`
 * (`--profile-quiet`): where the time of a busy bar (of the quiet fast path) goes (issue 16).
 */
export function profileBusy(
  minutes = MINUTES,
  workload: 'busy' | 'quiet' = 'busy',
  views = false,
): string {
  const btc = walk(1, 60_000, 1, minutes)
  const w =
    workload === 'busy' ? busyWorkload([btc]) : quietWorkload([btc, walk(2, 3_000, 2, minutes)])
  const cpu0 = process.cpuUsage()
  const r = runWorkload(w, true, minutes, false, undefined, views)
  const cpu = process.cpuUsage(cpu0)
  const cpuSec = (cpu.user + cpu.system) / 1e6
  const read = views
    ? `, ${fmt(r.views)} views read at ${((1000 * r.viewMs) / r.views).toFixed(2)} µs each (wall; ${(((1000 * r.viewMs) / r.views) * (cpuSec / r.seconds)).toFixed(2)} µs scaled by CPU/wall, derived)`
    : ''
  return `${workload} profile run: ${fmt(r.steps / r.seconds)} steps/s wall, ${fmt(r.steps / cpuSec)} steps/s of process CPU time, ${fmt(r.fills)} fills, ${fmt(r.slowSteps)} Decimal-path steps${read}`
}

/**
 * Event-log digests of the bench workloads (`node out/main/bench.js --digest [minutes]`):
 * the same digest before and after an engine optimisation means byte-identical event logs.
 */
export function digestWorkloads(minutes = 60_000): string[] {
  const btc = walk(1, 60_000, 1, minutes)
  const eth = walk(2, 3_000, 2, minutes)
  const out: string[] = []
  for (const w of [quietWorkload([btc, eth]), busyWorkload([btc])])
    for (const fastPath of [true, false]) {
      const h = createHash('sha256')
      const r = runWorkload(w, fastPath, minutes, false, (e) => h.update(JSON.stringify(e)))
      out.push(
        `${w.name} ${fastPath ? 'fast' : 'full'} ${minutes} min: ${r.events} events ${h.digest('hex').slice(0, 16)}`,
      )
    }
  return out
}

export async function runEngineBench(): Promise<string[]> {
  const btc = walk(1, 60_000, 1, MINUTES)
  const eth = walk(2, 3_000, 2, MINUTES)
  const window = WINDOW_DAYS * DAY
  const lines: string[] = []

  const quiet = quietWorkload([btc, eth])
  const qFast = measure(quiet, true, MINUTES)
  const qFastW = measure(quiet, true, window)
  const qFull = measure(quiet, false, window)
  lines.push(
    `quiet: BTCUSDT + ETHUSDT, 1 year of 1m, BTC long (cross 10x) + ETH short (isolated 3x) ≈ 4x effective, 20 reduce-only stops/TPs 3–15 % away re-centred weekly, funding every 8 h`,
  )
  lines.push(describe('  fast path, 1 year', qFast))
  lines.push(describe(`  fast path, first ${WINDOW_DAYS} days`, qFastW))
  lines.push(describe(`  full path, first ${WINDOW_DAYS} days`, qFull))
  const ratio = qFastW.barsPerSec / qFull.barsPerSec
  lines.push(
    verdict(
      'quiet fast path, symbol-bars/s',
      qFast.barsPerSec,
      5_000_000,
      true,
      'bars/s',
      qFast.barsPerCpu,
    ),
  )
  lines.push(
    verdict(
      `quiet fast/full (first ${WINDOW_DAYS} days)`,
      ratio,
      50,
      true,
      'x',
      qFastW.barsPerCpu / qFull.barsPerCpu,
    ),
  )

  const busy = busyWorkload([btc])
  const bFast = measure(busy, true, MINUTES, true)
  const bFullW = measure(busy, false, window, true)
  lines.push(
    `busy: BTCUSDT alone, 1 year of 1m (bars = steps), 1 BTC long at 20x, 20 far stops/TPs, limit buy and sell ±0.05 % re-placed every 5 bars (unfilled ones cancelled first); every apply() timed`,
  )
  lines.push(describe('  fast path, 1 year', bFast))
  lines.push(describe(`  full path, first ${WINDOW_DAYS} days`, bFullW))
  const perSlow = median(bFast.runs.map((r) => (1000 * r.slowMs) / Math.max(1, r.slowSteps)))
  const perCmd = median(bFast.runs.map((r) => (1000 * r.commandMs) / Math.max(1, r.commands)))
  // Derived: each run's per-call wall time × that run's CPU/wall ratio (on a loaded machine the
  // wall time of a call includes the time other processes held the cores).
  const onCpu = (r: RunResult, ms: number, n: number) =>
    ((1000 * ms) / Math.max(1, n)) * (r.cpuSeconds / r.seconds)
  const perSlowCpu = median(bFast.runs.map((r) => onCpu(r, r.slowMs, r.slowSteps)))
  const perCmdCpu = median(bFast.runs.map((r) => onCpu(r, r.commandMs, r.commands)))
  lines.push(
    `  Decimal-path bar: median ${perSlow.toFixed(2)} µs; command: median ${perCmd.toFixed(2)} µs (fast path, per apply() call, wall); ` +
      `scaled by each run's CPU/wall ratio (derived): ${perSlowCpu.toFixed(2)} µs and ${perCmdCpu.toFixed(2)} µs`,
  )
  // The same runs with every positionChanged view read inside the timing (a consumer that reads
  // every event, as the desk and the journal do, pays this; the figures above read none).
  const bViews = measure(busy, true, MINUTES, true, true)
  const perSlowViews = median(bViews.runs.map((r) => (1000 * r.slowMs) / Math.max(1, r.slowSteps)))
  const perCmdViews = median(bViews.runs.map((r) => (1000 * r.commandMs) / Math.max(1, r.commands)))
  lines.push(
    `  Decimal-path bar with every event view read: median ${perSlowViews.toFixed(2)} µs (scaled by CPU/wall, derived: ${median(bViews.runs.map((r) => onCpu(r, r.slowMs, r.slowSteps))).toFixed(2)} µs); ` +
      `command with every view read: ${perCmdViews.toFixed(2)} µs; a view read: ${median(bViews.runs.map((r) => (1000 * r.viewMs) / Math.max(1, r.views))).toFixed(2)} µs wall, ${median(bViews.runs.map((r) => onCpu(r, r.viewMs, r.views))).toFixed(2)} µs scaled by CPU/wall (derived) (${fmt(bViews.first.views)} views); busy year with every view read: ${fmt(bViews.barsPerSec)} symbol-bars/s [${load()}]`,
  )
  lines.push(verdict('busy, bars/s', bFast.barsPerSec, 150_000, true, 'bars/s', bFast.barsPerCpu))
  lines.push(verdict('Decimal-path bar', perSlow, 15, false, 'µs', perSlowCpu))
  lines.push(verdict('command', perCmd, 5, false, 'µs', perCmdCpu))
  return lines
}

/**
 * The busy year's Decimal-path bar alone (`node out/main/bench.js --busy-bar [runs]`), for
 * iterating on the fill: the engine section's busy fast runs (every apply() timed, no view
 * read; one warm-up run first, not counted), each run's per-bar wall time and the same scaled
 * by its CPU/wall ratio (derived).
 */
export function busyBar(runs = 5): string[] {
  const busy = busyWorkload([walk(1, 60_000, 1, MINUTES)])
  runWorkload(busy, true, MINUTES, true)
  const rs = Array.from({ length: runs }, () => runWorkload(busy, true, MINUTES, true))
  const per = (r: RunResult) => (1000 * r.slowMs) / Math.max(1, r.slowSteps)
  const cpu = (r: RunResult) => per(r) * (r.cpuSeconds / r.seconds)
  return [
    `busy Decimal-path bar: median of ${runs}: ${median(rs.map(per)).toFixed(2)} µs wall, ${median(rs.map(cpu)).toFixed(2)} µs scaled by CPU/wall (derived); runs ${rs.map((r) => per(r).toFixed(2)).join(' ')}; busy year ${fmt(median(rs.map((r) => r.steps / r.seconds)))} bars/s [${load()}]`,
  ]
}

/**
 * One fast run of the quiet 30-day window, after the same warm-up as `quietWindow`: for
 * interleaving two builds' windows in one process (each build's bundle has its own engine),
 * which cancels most of a shared machine's load drift out of a before/after comparison.
 */
export function quietWindowRunner(): () => RunResult {
  const w = quietWorkload([walk(1, 60_000, 1, MINUTES), walk(2, 3_000, 2, MINUTES)])
  const window = WINDOW_DAYS * DAY
  runWorkload(w, true, MINUTES, false)
  for (let i = 0; i < 40; i++) runWorkload(w, true, window, false)
  return () => runWorkload(w, true, window, false)
}

/**
 * Before/after of the quiet fast window in one process (`node out/main/bench.js --quiet-ab
 * <otherOutDir> [pairs]`): this build's windows alternate with the other build's (its
 * engine-bench chunk, with its own engine), the order swapped every pair; prints each side's
 * median window time (wall and process CPU) and the median of the paired CPU ratios. main.ts
 * passes `runner` (this build's quietWindowRunner) so that the bundle exports it for the next
 * build's comparison.
 */
export function quietAB(
  otherOut: string,
  pairs = 100,
  runner: () => () => RunResult = quietWindowRunner,
): string[] {
  const dir = join(resolve(otherOut), 'main', 'chunks')
  const file = readdirSync(dir).find((f) => f.startsWith('engine-bench-'))
  if (!file) throw new Error(`no engine-bench chunk in ${dir}`)
  process.env.BENCH_AS_LIBRARY = '1' // the other bundle's bench.js: no main (main.ts)
  const other = createRequire(resolve(process.argv[1]!))(join(dir, file)) as {
    quietWindowRunner?: () => () => RunResult
  }
  if (!other.quietWindowRunner) throw new Error(`${otherOut} has no quietWindowRunner`)
  const base = other.quietWindowRunner()
  const mine = runner()
  const a: RunResult[] = []
  const b: RunResult[] = []
  for (let i = 0; i < pairs; i++) {
    if (i % 2) {
      a.push(base())
      b.push(mine())
    } else {
      b.push(mine())
      a.push(base())
    }
  }
  const ms = (rs: RunResult[], cpu: boolean) =>
    median(rs.map((r) => 1000 * (cpu ? r.cpuSeconds : r.seconds))).toFixed(3)
  const paired = median(a.map((r, i) => b[i]!.cpuSeconds / r.cpuSeconds))
  return [
    `quiet fast window, ${pairs} interleaved pairs: ${otherOut} ${ms(a, false)} ms wall, ${ms(a, true)} ms CPU; this build ${ms(b, false)} ms wall, ${ms(b, true)} ms CPU; ` +
      `this/other CPU per pair, median ${paired.toFixed(3)} [${load()}]`,
  ]
}

/**
 * The quiet fast/full ratio alone (`node out/main/bench.js --quiet-window [fastRuns] [fullRuns]`),
 * for iterating on quiet() and the full path: the same window, data and warm-up (one fast
 * year) as the engine section; medians of the runs' wall and process-CPU rates. With
 * fullRuns = 0 it only repeats the fast window (for `node --cpu-prof`).
 */
export function quietWindow(fastRuns = 21, fullRuns = 3): string[] {
  const w = quietWorkload([walk(1, 60_000, 1, MINUTES), walk(2, 3_000, 2, MINUTES)])
  const window = WINDOW_DAYS * DAY
  // warm-up as in the engine section (which runs the fast year first): the window's first
  // few dozen runs still pay for compiling its Decimal-path and command code
  runWorkload(w, true, MINUTES, false)
  for (let i = 0; i < 40; i++) runWorkload(w, true, window, false)
  const rate = (runs: RunResult[]) => ({
    wall: median(runs.map((r) => r.symbolBars / r.seconds)),
    cpu: median(runs.map((r) => r.symbolBars / r.cpuSeconds)),
  })
  const fast = rate(Array.from({ length: fastRuns }, () => runWorkload(w, true, window, false)))
  const lines = [
    `quiet fast, first ${WINDOW_DAYS} days, median of ${fastRuns}: ${fmt(fast.wall)} symbol-bars/s wall, ${fmt(fast.cpu)} of CPU [${load()}]`,
  ]
  if (fullRuns === 0) return lines
  // every apply() of the fast window timed (separate runs: the clock reads cost ~1 µs a step)
  const timed = Array.from({ length: 9 }, () => runWorkload(w, true, window, true))
  const per = (ms: (r: RunResult) => number, n: (r: RunResult) => number) =>
    median(timed.map((r) => (1000 * ms(r)) / Math.max(1, n(r)))).toFixed(2)
  lines.push(
    `quiet fast window, every apply() timed (median of 9, wall): a command ${per(
      (r) => r.commandMs - r.setupMs,
      (r) => r.commands - r.setupCommands,
    )} µs (${timed[0]!.commands - timed[0]!.setupCommands}, after the ${timed[0]!.setupCommands} setup commands), ` +
      `a funding input ${per(
        (r) => r.fundingMs,
        (r) => r.fundings,
      )} µs (${timed[0]!.fundings}), a Decimal-path bar ${per(
        (r) => r.slowMs,
        (r) => r.slowSteps,
      )} µs (${timed[0]!.slowSteps})`,
  )
  const full = rate(Array.from({ length: fullRuns }, () => runWorkload(w, false, window, false)))
  lines.push(
    `quiet full, first ${WINDOW_DAYS} days, median of ${fullRuns}: ${fmt(full.wall)} symbol-bars/s wall, ${fmt(full.cpu)} of CPU [${load()}]`,
    `quiet fast/full: ${(fast.wall / full.wall).toFixed(1)}x wall, ${(fast.cpu / full.cpu).toFixed(1)}x on CPU`,
  )
  return lines
}
