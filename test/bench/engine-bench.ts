/**
 * Engine throughput bench (issue 4 "Speed"): one year of 1-minute bars for BTCUSDT and
 * ETHUSDT (2 × 525,600 = 1,051,200 bars) from a seeded random walk, two positions (BTC
 * cross long, ETH isolated short), 20 resting orders far from the price and funding every
 * 8 h. Prints bars/s and event counts with the fast path on, then the same run with every
 * bar forced through the full Decimal path (`fastPath: false`) and the ratio.
 * Data generation is outside the timed loop. Target: ≥ 5,000,000 bars/s.
 */
import type { Bar } from '../../shared/market'
import type { TradeCommand } from '../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS } from '../../shared/trading/settings'
import { createEngine, engineStats, type Engine } from '../../electron/engine'

const MINUTES = 525_600
const T0 = Date.UTC(2025, 0, 1)
const SYMS = ['BTCUSDT', 'ETHUSDT'] as const

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

interface Series {
  o: Float64Array
  h: Float64Array
  l: Float64Array
  c: Float64Array
  mo: Float64Array
  mh: Float64Array
  ml: Float64Array
  mc: Float64Array
}

function walk(seed: number, start: number, dp: number, n: number): Series {
  const r = prng(seed)
  const k = 10 ** dp
  const q = (x: number) => Math.round(x * k) / k
  const s: Series = {
    o: new Float64Array(n),
    h: new Float64Array(n),
    l: new Float64Array(n),
    c: new Float64Array(n),
    mo: new Float64Array(n),
    mh: new Float64Array(n),
    ml: new Float64Array(n),
    mc: new Float64Array(n),
  }
  let p = start
  for (let i = 0; i < n; i++) {
    const o = q(p)
    const c = q(p * (1 + (r() - 0.5) * 0.0006))
    const h = q(Math.max(o, c) * (1 + r() * 0.0003))
    const l = q(Math.min(o, c) * (1 - r() * 0.0003))
    const off = 1 + (r() - 0.5) * 0.0002
    s.o[i] = o
    s.h[i] = h
    s.l[i] = l
    s.c[i] = c
    s.mo[i] = q(o * off)
    s.mc[i] = q(c * off)
    s.mh[i] = Math.max(q(h * off), s.mo[i]!, s.mc[i]!)
    s.ml[i] = Math.min(q(l * off), s.mo[i]!, s.mc[i]!)
    p = c
  }
  return s
}

function setup(eng: Engine, t: number, btc: number, eth: number): void {
  const cmd = (command: TradeCommand) => eng.apply({ kind: 'command', t, command })
  cmd({ kind: 'setMarginType', symbol: 'ETHUSDT', marginType: 'ISOLATED' })
  cmd({ kind: 'setLeverage', symbol: 'BTCUSDT', leverage: 5 })
  cmd({ kind: 'setLeverage', symbol: 'ETHUSDT', leverage: 2 })
  cmd({
    kind: 'placeOrder',
    symbol: 'BTCUSDT',
    side: 'BUY',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '1',
  })
  cmd({
    kind: 'placeOrder',
    symbol: 'ETHUSDT',
    side: 'SELL',
    positionSide: 'BOTH',
    type: 'MARKET',
    quantity: '10',
  })
  // 20 resting conditional orders far from the price (limits that far would break Binance's
  // PERCENT_PRICE band): per symbol 5 buy stops above 3× and 5 buy take-profits below 0.4×.
  for (let i = 0; i < 5; i++) {
    for (const [symbol, p, dp, qty] of [
      ['BTCUSDT', btc, 1, '0.01'],
      ['ETHUSDT', eth, 2, '0.1'],
    ] as const) {
      const lo = (p * (0.2 + i * 0.04)).toFixed(dp)
      const hi = (p * (3 + i * 0.5)).toFixed(dp)
      cmd({
        kind: 'placeOrder',
        symbol,
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'TAKE_PROFIT_MARKET',
        quantity: qty,
        stopPrice: lo,
      })
      cmd({
        kind: 'placeOrder',
        symbol,
        side: 'BUY',
        positionSide: 'BOTH',
        type: 'STOP_MARKET',
        quantity: qty,
        stopPrice: hi,
      })
    }
  }
}

function runOnce(
  data: Series[],
  fastPath: boolean,
  minutes: number,
): {
  seconds: number
  cpuSeconds: number
  bars: number
  events: number
  counts: Record<string, number>
  openOrders: number
  positions: number
  slow: number
} {
  const eng = createEngine({
    symbols: [...SYMS],
    settings: { ...DEFAULT_ENGINE_SETTINGS, startingBalance: '100000' },
    fastPath,
  })
  const mkBar = (): Bar => ({ t: 0, o: 0, h: 0, l: 0, c: 0, v: 1000 })
  const rows = SYMS.map((symbol) => ({ symbol, last: mkBar(), mark: mkBar() }))
  const input = { kind: 'bars' as const, t: T0, bars: rows }
  const counts: Record<string, number> = {}
  let events = 0
  const fill = (i: number, t: number) => {
    for (let k = 0; k < 2; k++) {
      const s = data[k]!
      const row = rows[k]!
      const L = row.last
      const M = row.mark
      L.t = M.t = t
      L.o = s.o[i]!
      L.h = s.h[i]!
      L.l = s.l[i]!
      L.c = s.c[i]!
      M.o = s.mo[i]!
      M.h = s.mh[i]!
      M.l = s.ml[i]!
      M.c = s.mc[i]!
    }
  }
  fill(0, T0)
  eng.apply(input)
  setup(eng, T0, data[0]!.c[0]!, data[1]!.c[0]!)
  const started = performance.now()
  const cpu0 = process.cpuUsage()
  for (let i = 1; i < minutes; i++) {
    const t = T0 + i * 60_000
    fill(i, t)
    input.t = t
    const ev = eng.apply(input)
    if (ev.length) {
      events += ev.length
      for (const e of ev) counts[e.type] = (counts[e.type] ?? 0) + 1
    }
    if (i % 480 === 0) {
      for (let k = 0; k < 2; k++) {
        const fe = eng.apply({
          kind: 'funding',
          t,
          symbol: SYMS[k]!,
          rate: '0.0001',
          markPrice: String(data[k]!.mc[i]),
          origin: 'recorded',
        })
        events += fe.length
        for (const e of fe) counts[e.type] = (counts[e.type] ?? 0) + 1
      }
    }
  }
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const v = eng.view()
  return {
    seconds,
    cpuSeconds,
    bars: (minutes - 1) * 2,
    events,
    counts,
    openOrders: v.openOrders.length,
    positions: v.positions.length,
    slow: engineStats(eng).slowBarInputs,
  }
}

/**
 * @param opts.repeat fast-path runs (best one reported; default 3)
 * @param opts.fullPathMinutes limit the fastPath:false run to the first N minutes (default: all)
 */
export async function runEngineBench(
  opts: { fullPathMinutes?: number; repeat?: number } = {},
): Promise<string[]> {
  const data = [walk(1, 60_000, 1, MINUTES), walk(2, 3_000, 2, MINUTES)]
  const lines: string[] = []
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
  const runs = Array.from({ length: Math.max(1, opts.repeat ?? 3) }, () =>
    runOnce(data, true, MINUTES),
  )
  const fast = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
  const fastRate = fast.bars / fast.seconds
  const fastCpuRate = fast.bars / fast.cpuSeconds
  lines.push(
    `engine bench: ${fmt(fast.bars)} bars (BTCUSDT + ETHUSDT, 1 year of 1m), 2 positions (cross + isolated), 20 resting orders, funding every 8 h`,
  )
  lines.push(
    `fast path : best of ${runs.length}: ${fast.seconds.toFixed(3)} s wall = ${fmt(fastRate)} bars/s (${fmt(fastCpuRate)} bars/s of process CPU time, all threads); events ${fast.events} ${JSON.stringify(fast.counts)}; open orders ${fast.openOrders}, positions ${fast.positions}; bar steps on the Decimal path ${fast.slow}`,
  )
  lines.push(`target ≥ 5,000,000 bars/s: ${fastRate >= 5_000_000 ? 'met' : 'NOT met'}`)
  const m = Math.min(MINUTES, opts.fullPathMinutes ?? MINUTES)
  const full = runOnce(data, false, m)
  const fullRate = full.bars / full.seconds
  const fullCpuRate = full.bars / full.cpuSeconds
  const scope = m === MINUTES ? 'same run' : `first ${fmt(m)} minutes`
  lines.push(
    `full path : ${full.seconds.toFixed(3)} s wall = ${fmt(fullRate)} bars/s (${fmt(fullCpuRate)} bars/s of process CPU time, all threads); events ${full.events} (${scope}, fastPath: false)`,
  )
  lines.push(
    `ratio fast/full: ${(fastRate / fullRate).toFixed(1)}x wall, ${(fastCpuRate / fullCpuRate).toFixed(1)}x CPU`,
  )
  return lines
}
