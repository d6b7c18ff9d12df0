/**
 * Seeded random sim scripts over bundled scenarios, for the fast-vs-full differential test
 * (issue 12 "Done when": ≥ 300 scripts across every bundled scenario, gaps included).
 * Each script gets a window of a few hours, high leverage and a mix of every command kind, so
 * liquidations, triggers and funding happen often. `withGaps` removes rows from one symbol
 * (a hole inside the window, or the tail cut off as china-ban-2021-05's BTC is), the way
 * real data has them. Deterministic: the same seed gives the same scripts and gaps.
 */
import { TIMEFRAME_MS } from '../../shared/market'
import type { TradeCommand } from '../../shared/trading/commands'
import type { LoadedScenario, SymbolSeries } from '../../electron/host/data/types'
import type { SimScript } from '../../electron/host/sim/script'

/** mulberry32: a tiny seeded PRNG (tests only; the engine never uses randomness). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = () => number
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))

function decimals(x: number): number {
  const s = String(x)
  return s.includes('.') ? s.length - s.indexOf('.') - 1 : 0
}

/** A copy of the scenario with rows [a, b) of one symbol removed. */
export function withGap(scn: LoadedScenario, sym: number, a: number, b: number): LoadedScenario {
  const s = scn.series[sym]!
  const cut = (x: Float64Array) => {
    const out = new Float64Array(x.length - (b - a))
    out.set(x.subarray(0, a), 0)
    out.set(x.subarray(b), a)
    return out
  }
  const gapped: SymbolSeries = {
    ...s,
    time: cut(s.time),
    open: cut(s.open),
    high: cut(s.high),
    low: cut(s.low),
    close: cut(s.close),
    volume: cut(s.volume),
    markOpen: cut(s.markOpen),
    markHigh: cut(s.markHigh),
    markLow: cut(s.markLow),
    markClose: cut(s.markClose),
  }
  return { ...scn, series: scn.series.map((x, i) => (i === sym ? gapped : x)) }
}

export interface RandomCase {
  scenario: LoadedScenario
  script: SimScript
  /** What was cut, for a failure message. */
  gap: string
}

export function randomCase(scn: LoadedScenario, seed: number): RandomCase {
  const r = prng(seed)
  const step = TIMEFRAME_MS[scn.info.baseTimeframe]
  const first = scn.series[0]!
  const n = first.time.length
  // A window of 40–400 steps (a few hours of minutes, days of hours).
  const len = int(r, 40, Math.min(400, n - 1))
  const i0 = int(r, 0, n - len - 1)
  const from = first.time[i0]!
  const to = from + len * step
  let scenario = scn
  let gap = 'none'
  if (r() < 0.6) {
    const sym = int(r, 0, scn.series.length - 1)
    const s = scn.series[sym]!
    let a = 0
    while (a < s.time.length && s.time[a]! < from) a++
    const span = Math.max(2, Math.floor(len / 2))
    const start = a + int(r, 5, span)
    const tail = r() < 0.4
    const end = Math.min(s.time.length, tail ? s.time.length : start + int(r, 1, span))
    if (start < end) {
      scenario = withGap(scn, sym, start, end)
      gap = `${s.symbol} rows ${start}..${end}${tail ? ' (tail)' : ''}`
    }
  }
  const symbols = scn.series.map((s) => s.symbol)
  const hedge = r() < 0.3
  const settings: SimScript['settings'] = {
    startingBalance: pick(r, ['300', '1000', '10000']),
    hedgeMode: hedge,
    negativeBalanceProtection: r() < 0.7,
    insuranceFund: pick(r, ['0', '50', '1000000']),
    tieredLiquidation: r() < 0.3,
    marginCallRatios: pick(r, [[], ['80'], ['50', '90']]),
    slippage: r() < 0.5,
    defaultLeverage: pick(r, [10, 20, 50, 100, 125]),
    defaultMarginType: r() < 0.5 ? 'CROSSED' : 'ISOLATED',
  }
  const balance = Number(settings.startingBalance)
  const commands: SimScript['commands'] = []
  const count = int(r, 2, 12)
  let placed = 0
  for (let k = 0; k < count; k++) {
    // Most commands early, so positions live through most of the window.
    const t = from + Math.floor(r() * r() * len) * step
    const si = int(r, 0, symbols.length - 1)
    const symbol = symbols[si]!
    const s = scn.series[si]!
    let j = 0
    while (j < s.time.length - 1 && s.time[j]! < t) j++
    const price = s.close[j]!
    const dp = Math.max(decimals(price), 1)
    const px = (f: number) => (price * f).toFixed(Math.min(dp, 2))
    const qty = (mult: number) => {
      const q = (balance * mult) / price
      const unit = q >= 10 ? 1 : q >= 0.1 ? 0.001 : 0.0001
      return Math.max(unit, Math.round(q / unit) * unit).toFixed(
        unit === 1 ? 0 : unit === 0.001 ? 3 : 4,
      )
    }
    const side = r() < 0.6 ? ('BUY' as const) : ('SELL' as const)
    const positionSide = hedge ? (side === 'BUY' ? 'LONG' : 'SHORT') : 'BOTH'
    const base = { kind: 'placeOrder' as const, symbol, side, positionSide } as const
    const mult = pick(r, [1, 5, 20, 60])
    const off = 1 + (r() - 0.5) * 0.04
    let command: TradeCommand
    switch (int(r, 0, 11)) {
      case 0:
      case 1:
      case 2:
        command = { ...base, type: 'MARKET', quantity: qty(mult) }
        break
      case 3:
        command = {
          ...base,
          type: 'LIMIT',
          price: px(off),
          quantity: qty(mult),
          timeInForce: 'GTC',
        }
        break
      case 4:
        command = {
          ...base,
          type: 'STOP_MARKET',
          stopPrice: px(side === 'BUY' ? 1.01 : 0.99),
          quantity: qty(mult),
          workingType: r() < 0.5 ? 'MARK_PRICE' : 'CONTRACT_PRICE',
        }
        break
      case 5:
        command = { ...base, type: 'TRAILING_STOP_MARKET', quantity: qty(mult), callbackRate: '1' }
        break
      case 6:
        command = { kind: 'setLeverage', symbol, leverage: pick(r, [5, 20, 75, 125]) }
        break
      case 7:
        command = {
          kind: 'setPositionTpSl',
          symbol,
          positionSide,
          stopLoss: { stopPrice: px(side === 'BUY' ? 0.97 : 1.03), workingType: 'MARK_PRICE' },
        }
        break
      case 8:
        command = {
          kind: 'adjustMargin',
          symbol,
          positionSide,
          action: r() < 0.5 ? 'ADD' : 'REMOVE',
          amount: String(int(r, 1, Math.max(1, balance / 10))),
        }
        break
      case 9:
        command = { kind: 'closePosition', symbol, positionSide, fraction: pick(r, ['1', '0.5']) }
        break
      case 10:
        command = {
          kind: 'amendOrder',
          orderId: `o${int(r, 1, Math.max(1, placed))}`,
          price: px(1 + (r() - 0.5) * 0.02),
        }
        break
      default:
        command = { kind: 'cancelOrder', orderId: `o${int(r, 1, Math.max(1, placed))}` }
    }
    if (command.kind === 'placeOrder') placed++
    commands.push({ t, command })
  }
  commands.sort((a, b) => a.t - b.t)
  return { scenario, script: { settings, from, to, commands }, gap }
}
