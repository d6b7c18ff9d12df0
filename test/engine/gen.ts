/** Random sessions for the property tests: bars (random walk with crashes), commands, funding. */
import fc from 'fast-check'
import type { TradeCommand } from '../../shared/trading/commands'
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../shared/trading/settings'
import { createEngine, restoreEngine, type Engine, type EngineInput } from '../../electron/engine'
import type { EngineEvent } from '../../shared/trading/events'

const SYMS = ['BTCUSDT', 'ETHUSDT'] as const
const START: Record<string, number> = { BTCUSDT: 20000, ETHUSDT: 1500 }
const TICK_DP: Record<string, number> = { BTCUSDT: 1, ETHUSDT: 2 }

export type Action =
  /**
   * present: which symbols have a bar this step (real data has gaps): 0 → BTC only, 1 → ETH
   * only, 5 → both with ETH's bar first (an input need not list symbols in the engine's
   * order), anything else (or absent) → both.
   */
  | { k: 'bar'; moves: [number, number][]; wick: [number, number][]; present?: number }
  | { k: 'cmd'; pick: number; a: number; b: number; c: number; d: number }
  | { k: 'fund'; sym: number; rate: number }

const move = fc.tuple(
  fc.oneof(
    { weight: 5, arbitrary: fc.double({ min: -0.02, max: 0.02, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ min: -0.25, max: 0.25, noNaN: true }) },
  ),
  fc.double({ min: -0.002, max: 0.002, noNaN: true }),
)
const wick = fc.tuple(
  fc.double({ min: 0, max: 0.03, noNaN: true }),
  fc.double({ min: 0, max: 0.03, noNaN: true }),
)

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('bar' as const),
      moves: fc.tuple(move, move),
      wick: fc.tuple(wick, wick),
      present: fc.nat(5),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('cmd' as const),
      pick: fc.nat(40),
      a: fc.nat(1000),
      b: fc.nat(1000),
      c: fc.nat(1000),
      d: fc.nat(1000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('fund' as const),
      sym: fc.nat(1),
      rate: fc.integer({ min: -300, max: 300 }),
    }),
  },
)

export const settingsArb: fc.Arbitrary<Partial<EngineSettings>> = fc.record({
  startingBalance: fc.constantFrom('300', '2000', '10000'),
  defaultLeverage: fc.constantFrom(5, 20, 50, 100),
  hedgeMode: fc.boolean(),
  negativeBalanceProtection: fc.boolean(),
  tieredLiquidation: fc.boolean(),
  slippage: fc.boolean(),
  insuranceFund: fc.constantFrom('0', '50', '1000000'),
  marginCallRatios: fc.constantFrom([], ['80'], ['50', '90']),
  defaultMarginType: fc.constantFrom('CROSSED' as const, 'ISOLATED' as const),
})

function round(x: number, dp: number): number {
  return Number(Math.max(x, 10 ** -dp).toFixed(dp))
}

/** Turn actions into concrete engine inputs (deterministic). */
export function toInputs(actions: Action[], hedge: boolean): EngineInput[] {
  const price: Record<string, number> = { ...START }
  let t = Date.UTC(2022, 10, 8)
  const out: EngineInput[] = []
  let seenBar = false
  let orderNo = 0
  for (const a of actions) {
    if (a.k === 'bar' || !seenBar) {
      const mv =
        a.k === 'bar'
          ? a
          : {
              moves: [
                [0, 0],
                [0, 0],
              ] as [number, number][],
              wick: [
                [0, 0],
                [0, 0],
              ] as [number, number][],
            }
      t += 60_000
      seenBar = true
      const present = a.k === 'bar' ? (a.present ?? 2) : 2
      const bars = SYMS.flatMap((s, i) => {
        if (present < 2 && present !== i) return []
        const dp = TICK_DP[s]!
        const o = price[s]!
        const c = round(o * (1 + mv.moves[i]![0]), dp)
        const h = round(Math.max(o, c) * (1 + mv.wick[i]![0]), dp)
        const l = round(Math.min(o, c) * (1 - mv.wick[i]![1]), dp)
        price[s] = c
        const off = mv.moves[i]![1]
        const mk = (x: number) => round(x * (1 + off), dp)
        const mo = mk(o)
        const mc = mk(c)
        return [
          {
            symbol: s,
            last: { t, o, h, l, c, v: 50 },
            mark: {
              t,
              o: mo,
              h: Math.max(mk(h), mo, mc),
              l: Math.min(mk(l), mo, mc),
              c: mc,
              v: 0,
            },
          },
        ]
      })
      out.push({ kind: 'bars', t, bars: present === 5 ? bars.reverse() : bars })
      if (a.k === 'bar') continue
    }
    if (a.k === 'fund') {
      const s = SYMS[a.sym]!
      out.push({
        kind: 'funding',
        t,
        symbol: s,
        rate: (a.rate / 100000).toFixed(5),
        markPrice: String(price[s]),
        origin: 'recorded',
      })
      continue
    }
    const cmd = command(a, price, hedge, orderNo)
    if (cmd.kind === 'placeOrder') orderNo++
    out.push({ kind: 'command', t, command: cmd })
  }
  return out
}

function command(
  a: Extract<Action, { k: 'cmd' }>,
  price: Record<string, number>,
  hedge: boolean,
  orderNo: number,
): TradeCommand {
  const symbol = SYMS[a.a % 2]!
  const dp = TICK_DP[symbol]!
  const p = price[symbol]!
  const side = a.b % 2 === 0 ? ('BUY' as const) : ('SELL' as const)
  const positionSide = hedge
    ? a.c % 2 === 0
      ? ('LONG' as const)
      : ('SHORT' as const)
    : ('BOTH' as const)
  const qtyUnit = symbol === 'BTCUSDT' ? 0.001 : 0.01
  const quantity = ((1 + (a.d % 400)) * qtyUnit).toFixed(3)
  const off = (x: number) => round(p * (1 + ((x % 100) - 50) / 1000), dp).toFixed(dp)
  const base = { kind: 'placeOrder' as const, symbol, side, positionSide, quantity }
  switch (a.pick % 20) {
    case 0:
    case 1:
    case 2:
      return { ...base, type: 'MARKET' }
    case 3:
    case 4:
      return {
        ...base,
        type: 'LIMIT',
        price: off(a.c),
        timeInForce: (['GTC', 'IOC', 'FOK', 'GTX'] as const)[a.d % 4],
      }
    case 5:
      return {
        ...base,
        type: 'STOP_MARKET',
        stopPrice: off(a.c),
        workingType: a.d % 2 ? 'MARK_PRICE' : 'CONTRACT_PRICE',
      }
    case 6:
      return { ...base, type: 'TAKE_PROFIT_MARKET', stopPrice: off(a.c) }
    case 7:
      return { ...base, type: 'STOP', stopPrice: off(a.c), price: off(a.d) }
    case 8:
      return { ...base, type: 'TAKE_PROFIT', stopPrice: off(a.c), price: off(a.d) }
    case 9:
      return {
        ...base,
        type: 'TRAILING_STOP_MARKET',
        callbackRate: ((a.c % 50) / 10 + 0.1).toFixed(1),
      }
    case 10:
      return { kind: 'cancelOrder', orderId: `o${1 + (a.c % Math.max(1, orderNo))}` }
    case 11:
      return { kind: 'setLeverage', symbol, leverage: 1 + (a.c % 125) }
    case 12:
      return {
        kind: 'closePosition',
        symbol,
        positionSide,
        fraction: ['1', '0.5', '0.25'][a.c % 3]!,
      }
    case 13:
      return {
        kind: 'adjustMargin',
        symbol,
        positionSide,
        action: a.c % 2 ? 'ADD' : 'REMOVE',
        amount: String(1 + (a.d % 500)),
      }
    case 14:
      return {
        kind: 'setPositionTpSl',
        symbol,
        positionSide,
        stopLoss: { stopPrice: off(a.c), workingType: 'MARK_PRICE' },
        takeProfit: { stopPrice: off(a.d), workingType: 'CONTRACT_PRICE' },
      }
    case 15:
      return { kind: 'setMarginType', symbol, marginType: a.c % 2 ? 'ISOLATED' : 'CROSSED' }
    case 16: {
      // Mostly sensible amends, and the hostile ones of issue 11 item 4 (price ≤ 1, a huge
      // quantity, a quantity below the minimum notional).
      const orderId = `o${1 + (a.c % Math.max(1, orderNo))}`
      switch (a.b % 8) {
        case 0:
          return {
            kind: 'amendOrder',
            orderId,
            price: ['-1', '0', '1'][a.d % 3]!,
            quantity: '10000000',
          }
        case 1:
          return { kind: 'amendOrder', orderId, quantity: (qtyUnit * (1 + (a.d % 3))).toFixed(3) }
        case 2:
          return { kind: 'amendOrder', orderId, quantity, price: off(a.d) }
        case 3:
          return { kind: 'amendOrder', orderId, stopPrice: off(a.d) }
        default:
          return { kind: 'amendOrder', orderId, price: off(a.d) }
      }
    }
    case 17:
      return { ...base, type: 'MARKET', quantity: ((1 + (a.d % 400)) * qtyUnit * 20).toFixed(3) }
    case 18:
      return { ...base, type: 'LIMIT', price: off(a.c), reduceOnly: !hedge }
    default:
      return { kind: 'setPositionMode', hedge: !hedge }
  }
}

export function run(
  settings: Partial<EngineSettings>,
  inputs: EngineInput[],
  fastPath: boolean,
  after?: (e: Engine, i: EngineInput, ev: readonly EngineEvent[]) => void,
): { engine: Engine; log: EngineEvent[] } {
  const engine = createEngine({
    symbols: [...SYMS],
    settings: { ...DEFAULT_ENGINE_SETTINGS, ...settings },
    fastPath,
  })
  const log: EngineEvent[] = []
  for (const i of inputs) {
    const ev = engine.apply(i)
    log.push(...ev)
    after?.(engine, i, ev)
  }
  return { engine, log }
}

export { restoreEngine }
