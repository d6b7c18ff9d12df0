/**
 * Exactness review (docs/performance.md "Session 7, exactness review"): the fast path (quiet
 * bars, engine.ts `keepsQuiet`, funding/absorb.ts, the module memos) restored from its snapshot
 * mid-run logs what the full Decimal path logs on instruments far from BTC and ETH: ticks from
 * 1e-8 to 1, lot steps from 1e-7 to 100, prices from 1e-5 to 9e6, sizes up to 1e9 lots, maker
 * rebates, stops and take-profits placed on the side they wait on (so they trigger), partial
 * closes, isolated and cross, hedge mode, funding with adversarial rate texts, one to three bars
 * an input in any order. (The review also ran this generator against the engine of a3dd8d2,
 * before the session's shortcuts: 35,000 sessions of two and three symbols, identical logs.)
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createEngine, engineStats, restoreEngine, type EngineInput } from '../../electron/engine'
import { D } from '../../electron/engine/decimal'
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../shared/trading/settings'
import type { TradeCommand } from '../../shared/trading/commands'
import { signedText, outcome } from './exact-gen'

const SYMS = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT']
/** Instruments: tick, lot step, start price in ticks, the largest size in lots. */
const CONFIGS = [
  { tick: '0.00000001', step: '1', p0: 1234, qmax: 1e9 },
  { tick: '0.1', step: '0.001', p0: 600000, qmax: 2000 },
  { tick: '0.0001', step: '0.00001', p0: 31415, qmax: 1e6 },
  { tick: '1', step: '0.0000001', p0: 9000000, qmax: 1e5 },
  { tick: '0.00001', step: '100', p0: 50000, qmax: 1e4 },
  { tick: '0.01', step: '0.001', p0: 300000, qmax: 1e5 },
]
const act = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      k: fc.constant('bar' as const),
      // which symbols have a bar (a bit mask less one) and in which order
      s: fc.nat(6),
      order: fc.nat(5),
      mv: fc.array(fc.double({ min: -0.03, max: 0.03, noNaN: true }), {
        minLength: 3,
        maxLength: 3,
      }),
      wk: fc.array(fc.double({ min: 0, max: 0.02, noNaN: true }), { minLength: 6, maxLength: 6 }),
      off: fc.double({ min: -0.003, max: 0.003, noNaN: true }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('cmd' as const),
      pick: fc.nat(11),
      s: fc.nat(2),
      side: fc.boolean(),
      ps: fc.boolean(),
      q: fc.double({ min: 0, max: 1, noNaN: true }),
      x: fc.oneof(
        fc.double({ min: -0.05, max: 0.05, noNaN: true }),
        fc.double({ min: -0.005, max: 0.005, noNaN: true }),
      ),
      n: fc.nat(1000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('fund' as const),
      s: fc.nat(2),
      rate: fc.oneof(signedText, fc.constantFrom('0.0001', '-0.0003', '0.00375', '0.01')),
    }),
  },
)
/** Bars move in ticks; commands and funding read the current price. */
type Act = typeof act extends fc.Arbitrary<infer T> ? T : never

const ORDERS = [
  [0, 1, 2],
  [0, 2, 1],
  [1, 0, 2],
  [1, 2, 0],
  [2, 0, 1],
  [2, 1, 0],
]

function build(cfg: number[], acts: Act[], hedge: boolean): EngineInput[] {
  const c = cfg.map((k) => CONFIGS[k]!)
  const pt = c.map((x) => x.p0)
  const txt = (i: number, ticks: number) =>
    new D(Math.max(1, Math.round(ticks))).times(c[i]!.tick).toFixed()
  const num = (i: number, ticks: number) => Number(txt(i, ticks))
  const out: EngineInput[] = []
  let t = Date.UTC(2023, 0, 1)
  let ord = 0
  const barOf = (i: number, mv: number, wk: number[], off: number) => {
    const o = pt[i]!
    const cl = Math.max(1, Math.round(o * (1 + mv)))
    pt[i] = cl
    const h = Math.max(o, cl) * (1 + wk[0]!),
      l = Math.max(1, Math.min(o, cl) * (1 - wk[1]!))
    const last = {
      t,
      o: num(i, o),
      h: num(i, h),
      l: num(i, l),
      c: num(i, cl),
      v: 1000 * (1 + wk[0]! * 100),
    }
    const mk = (x: number) => num(i, x * (1 + off))
    const mo = mk(o),
      mc = mk(cl)
    const mark = { t, o: mo, h: Math.max(mk(h), mo, mc), l: Math.min(mk(l), mo, mc), c: mc, v: 0 }
    return { symbol: SYMS[i]!, last, mark }
  }
  out.push({
    kind: 'bars',
    t: (t += 60000),
    bars: [0, 1, 2].map((i) => barOf(i, 0, [0, 0], 0)),
  })
  for (const a of acts) {
    if (a.k === 'bar') {
      t += 60000
      const bars = [0, 1, 2]
        .filter((i) => (a.s + 1) & (1 << i))
        .map((i) => barOf(i, a.mv[i]!, a.wk.slice(2 * i), i === 1 ? -a.off : a.off))
      const order = ORDERS[a.order]!.filter((k) => k < bars.length)
      out.push({ kind: 'bars', t, bars: order.map((k) => bars[k]!) })
      continue
    }
    if (a.k === 'fund') {
      out.push({
        kind: 'funding',
        t,
        symbol: SYMS[a.s]!,
        rate: a.rate,
        markPrice: txt(a.s, pt[a.s]!),
        origin: 'recorded',
      })
      continue
    }
    const i = a.s
    const symbol = SYMS[i]!
    const step = new D(c[i]!.step)
    const qty = step.times(Math.max(1, Math.floor(Math.pow(c[i]!.qmax, a.q)))).toFixed()
    const side = a.side ? ('BUY' as const) : ('SELL' as const)
    const positionSide = hedge ? (a.ps ? ('LONG' as const) : ('SHORT' as const)) : ('BOTH' as const)
    const px = txt(i, pt[i]! * (1 + a.x))
    const ax = Math.abs(a.x) + 1e-9
    const stopPx = txt(i, pt[i]! * (1 + (a.side ? ax : -ax)) + (a.side ? 1 : -1))
    const tpPx = txt(i, pt[i]! * (1 - (a.side ? ax : -ax)) - (a.side ? 1 : -1))
    const base = { kind: 'placeOrder' as const, symbol, side, positionSide, quantity: qty }
    let cmd: TradeCommand
    switch (a.pick) {
      case 0:
      case 1:
        cmd = { ...base, type: 'MARKET' }
        break
      case 2:
        cmd = {
          ...base,
          type: 'STOP_MARKET',
          stopPrice: stopPx,
          ...(hedge ? {} : { reduceOnly: true }),
          workingType: a.n % 2 ? 'MARK_PRICE' : 'CONTRACT_PRICE',
        }
        break
      case 3:
        cmd = {
          ...base,
          type: 'TAKE_PROFIT_MARKET',
          stopPrice: tpPx,
          ...(hedge ? {} : { reduceOnly: a.n % 2 === 0 }),
        }
        break
      case 4:
        cmd = { ...base, type: 'LIMIT', price: px, timeInForce: 'GTC' }
        break
      case 5:
        cmd = {
          ...base,
          type: 'STOP',
          stopPrice: stopPx,
          price: txt(i, pt[i]! * (1 + (a.side ? ax : -ax) * 1.5)),
          timeInForce: 'GTC',
        }
        break
      case 6:
        cmd = { kind: 'setMarginType', symbol, marginType: a.n % 3 ? 'ISOLATED' : 'CROSSED' }
        break
      case 7:
        cmd = { kind: 'setLeverage', symbol, leverage: 1 + (a.n % 125) }
        break
      case 8:
        cmd = {
          kind: 'closePosition',
          symbol,
          positionSide,
          fraction: ['1', '0.5', '0.33', '0.01'][a.n % 4]!,
        }
        break
      case 9:
        cmd = {
          kind: 'adjustMargin',
          symbol,
          positionSide,
          action: a.n % 2 ? 'ADD' : 'REMOVE',
          amount: new D(a.n + 1)
            .div(a.side ? 7 : 1)
            .toDecimalPlaces(8)
            .toFixed(),
        }
        break
      case 10:
        cmd = { kind: 'cancelOrder', orderId: `o${1 + (a.n % Math.max(1, ord))}` }
        break
      case 11:
        cmd = {
          kind: 'amendOrder',
          orderId: `o${1 + (a.n % Math.max(1, ord))}`,
          ...(a.side ? { price: px } : { stopPrice: px }),
        }
        break
      default:
        cmd = { kind: 'setPositionMode', hedge: !hedge }
    }
    if (cmd.kind === 'placeOrder') ord++
    out.push({ kind: 'command', t, command: cmd })
  }
  return out
}

const settingsArb = fc.record({
  startingBalance: fc.constantFrom('100', '5000', '1000000', '123.45678901'),
  hedgeMode: fc.boolean(),
  negativeBalanceProtection: fc.boolean(),
  tieredLiquidation: fc.boolean(),
  slippage: fc.boolean(),
  insuranceFund: fc.constantFrom('0', '1000000'),
  marginCallRatios: fc.constantFrom<string[]>([], ['80'], ['50', '90']),
  defaultMarginType: fc.constantFrom('CROSSED' as const, 'ISOLATED' as const),
  defaultLeverage: fc.constantFrom(2, 10, 20),
})

describe('wide instruments', () => {
  it('fast path, restored mid-run = full Decimal path', () => {
    let kept = 0
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)),
        settingsArb,
        fc.constantFrom('0.0002', '0', '-0.0001'),
        fc.constantFrom('0.0004', '0.00037', '0.001'),
        fc.array(act, { minLength: 20, maxLength: 120, size: 'max' }),
        fc.nat(200),
        (cfg: number[], st0, makerFee, takerFee, acts, cut) => {
          const instruments = Object.fromEntries(
            SYMS.map((s, k) => {
              const c = CONFIGS[cfg[k]!]!
              return [
                s,
                { tickSize: c.tick, stepSize: c.step, minNotional: '0.00001', makerFee, takerFee },
              ]
            }),
          )
          const settings: EngineSettings = { ...DEFAULT_ENGINE_SETTINGS, ...st0, instruments }
          const inputs = build(cfg, acts, settings.hedgeMode)
          const full = createEngine({ symbols: SYMS, settings, fastPath: false })
          let fast = createEngine({ symbols: SYMS, settings, fastPath: true })
          const at = cut % (inputs.length + 1)
          inputs.forEach((input, i) => {
            if (i === at) fast = restoreEngine(JSON.parse(JSON.stringify(fast.snapshot())))
            const want = outcome(() => full.apply(input))
            expect(
              outcome(() => fast.apply(input)),
              `input ${i}`,
            ).toBe(want)
          })
          expect(fast.stateHash()).toBe(full.stateHash())
          kept += engineStats(fast).keptBars
        },
      ),
      { seed: 7301, numRuns: 30 },
    )
    // the full path's inputs kept some bars as quiet() keeps them (engine.ts keepsQuiet)
    expect(kept).toBeGreaterThan(20)
  })
})
