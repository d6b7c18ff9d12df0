/** Builders for engine tests: string-valued fixtures in, events out. */
import type { Bar } from '../../shared/market'
import type { PlaceOrderCommand, TradeCommand } from '../../shared/trading/commands'
import type { EngineEvent } from '../../shared/trading/events'
import { DEFAULT_ENGINE_SETTINGS, type EngineSettings } from '../../shared/trading/settings'
import { createEngine, type Engine, type EngineInput } from '../../electron/engine'
import { D, type Dec } from '../../electron/engine/decimal'
import { makeCtx, type Ctx } from '../../electron/engine/context'
import { resolveSpec } from '../../electron/engine/instruments'
import type { EngineState, OrderState, PositionState } from '../../electron/engine/state'

export const T0 = Date.UTC(2022, 10, 8)
export const MIN = 60_000

export function bar(o: string, h: string, l: string, c: string, v = '100'): Bar {
  return { t: 0, o: Number(o), h: Number(h), l: Number(l), c: Number(c), v: Number(v) }
}

/** A flat bar at price p. */
export function flat(p: string): Bar {
  return bar(p, p, p, p)
}

export const quiet: Partial<EngineSettings> = { slippage: false, marginCallRatios: [] }

export function engine(
  settings: Partial<EngineSettings> = {},
  symbols = ['BTCUSDT'],
  fastPath = true,
): Engine {
  return createEngine({
    symbols,
    settings: { ...DEFAULT_ENGINE_SETTINGS, ...quiet, ...settings },
    fastPath,
  })
}

export class Driver {
  t = T0
  log: EngineEvent[] = []
  constructor(readonly eng: Engine) {}
  bars(sym: string, last: Bar, mark: Bar = last): readonly EngineEvent[] {
    this.t += MIN
    const ev = this.eng.apply({
      kind: 'bars',
      t: this.t,
      bars: [{ symbol: sym, last: { ...last, t: this.t }, mark: { ...mark, t: this.t } }],
    })
    this.log.push(...ev)
    return ev
  }
  cmd(command: TradeCommand): readonly EngineEvent[] {
    const ev = this.eng.apply({ kind: 'command', t: this.t, command })
    this.log.push(...ev)
    return ev
  }
  funding(symbol: string, rate: string, markPrice: string): readonly EngineEvent[] {
    const ev = this.eng.apply({
      kind: 'funding',
      t: this.t,
      symbol,
      rate,
      markPrice,
      origin: 'recorded',
    })
    this.log.push(...ev)
    return ev
  }
}

export function order(
  p: Partial<PlaceOrderCommand> & Pick<PlaceOrderCommand, 'side' | 'type'>,
): PlaceOrderCommand {
  return { kind: 'placeOrder', symbol: 'BTCUSDT', positionSide: 'BOTH', ...p }
}

export function types(ev: readonly EngineEvent[]): string[] {
  return ev.map((e) => e.type)
}

export function only<K extends EngineEvent['type']>(
  ev: readonly EngineEvent[],
  type: K,
): Extract<EngineEvent, { type: K }>[] {
  return ev.filter((e): e is Extract<EngineEvent, { type: K }> => e.type === type)
}

/** Settings with zero maker/taker fees for these symbols (round numbers in hand-checked tests). */
export function noFeesFor(...symbols: string[]): Partial<EngineSettings> {
  return {
    instruments: Object.fromEntries(symbols.map((s) => [s, { takerFee: '0', makerFee: '0' }])),
  }
}

/** One lockstep bars input at t (mark = last) for the listed symbols only (others: a gap). */
export function step(t: number, bars: [string, Bar][]): EngineInput {
  return {
    kind: 'bars',
    t,
    bars: bars.map(([symbol, b]) => ({ symbol, last: { ...b, t }, mark: { ...b, t } })),
  }
}

/** A resting GTC limit order's state as the engine keeps it (for tests that build a state by hand). */
export function limitOrderState(
  symbol: string,
  side: 'BUY' | 'SELL',
  qty: Dec,
  price: Dec,
  i: number,
): OrderState {
  return {
    id: `o${i}`,
    seqNo: i,
    symbol,
    side,
    positionSide: 'BOTH',
    type: 'LIMIT',
    status: 'NEW',
    origin: 'USER',
    qty,
    executed: new D(0),
    filledNotional: new D(0),
    price,
    stopPrice: null,
    tif: 'GTC',
    reduceOnly: false,
    closePosition: false,
    workingType: 'CONTRACT_PRICE',
    callbackRate: null,
    activationPrice: null,
    triggered: false,
    trailActive: false,
    trailExtreme: null,
    createdAt: 0,
    updatedAt: 0,
  }
}

/** A one-way cross position's state as the engine keeps it, nothing booked on it yet. */
export function crossPositionState(
  symbol: string,
  dir: 1 | -1,
  qty: Dec,
  entry: Dec,
): PositionState {
  return {
    symbol,
    positionSide: 'BOTH',
    dir,
    qty,
    entry,
    isolatedMargin: new D(0),
    openFees: new D(0),
    funding: new D(0),
    realizedPnl: new D(0),
    marginType: 'CROSSED',
    openedAt: 0,
  }
}

/** A working context over s with each symbol's mark and last flat at marks[i] / 100. */
export function ctxAtMarks(s: EngineState, marks: number[]): Ctx {
  s.symbols.forEach((x, i) => {
    const m = marks[i]! / 100
    x.mark = { o: m, h: m, l: m, c: m }
    x.last = { o: m, h: m, l: m, c: m, v: 1 }
  })
  return makeCtx(s, new Map(s.symbols.map((x) => [x.symbol, resolveSpec(x.symbol, s.settings)])))
}
