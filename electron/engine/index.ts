/**
 * PerpDojo's exchange engine: a pure, deterministic Binance USDⓈ-M perpetual simulator.
 * `(state, input) → events`; no I/O, clock, timers or randomness. See docs/engine.md.
 *
 * @example
 * const eng = createEngine({ symbols: ['BTCUSDT'], settings: DEFAULT_ENGINE_SETTINGS })
 * eng.apply({ kind: 'bars', t, bars: [{ symbol: 'BTCUSDT', last, mark }] })
 * eng.apply({ kind: 'command', t, command: { kind: 'placeOrder', ... } })
 */
import type { InstrumentInfo } from '../../shared/market'
import type { PlaceOrderCommand, PositionSide } from '../../shared/trading/commands'
import type { EngineEvent } from '../../shared/trading/events'
import type { EngineSettings } from '../../shared/trading/settings'
import type { AccountView } from '../../shared/trading/views'
import {
  createCore,
  restoreCore,
  type EngineCore,
  type EngineInput,
  type EngineSnapshot,
} from './engine'
import { findPosition } from './accounting/positions'
import { maxRemovable } from './commands'
import { D, money } from './decimal'
import { bracketsAt, maxLeverageOf, resolveSpec } from './instruments'
import type {
  InstrumentFacts,
  LiquidationRescue,
  OrderCostPreview,
} from '../../shared/trading/preview'
import { previewOnCore } from './preview'
import { riskRead, type RiskRead } from './views'
import { rescueOf } from './rescue'

export type { EngineInput, EngineSnapshot } from './engine'
export type { RiskRead } from './views'
export type { LiquidationPriceArgs } from './preview'
export { previewSizedOrder } from './order-sizing'
export { bybitLiquidationPriceFor, liquidationPriceFor, orderCostFor } from './preview'
export { EngineInvariantError } from './errors'
/** The one Decimal configuration (40 digits, half-even); the coach computes with it too. */
export { D, type Dec } from './decimal'
export { BRACKET_TABLES } from './instruments'

/**
 * The filters the engine applies to `symbol` at replay time `t` (built-in or generic spec,
 * then the session's overrides), as display facts for the desk: one source for tick, step,
 * min notional and the first bracket's max leverage.
 */
export function instrumentInfo(
  symbol: string,
  t: number,
  settings: Pick<EngineSettings, 'instruments'> = {},
): InstrumentInfo {
  const spec = resolveSpec(symbol, settings as EngineSettings)
  const dp = (d: { decimalPlaces(): number }) => d.decimalPlaces()
  return {
    tickSize: spec.tickSize.toFixed(),
    stepSize: spec.stepSize.toFixed(),
    minNotional: spec.minNotional.toFixed(),
    maxLeverage: maxLeverageOf(bracketsAt(spec, t)),
    priceDp: dp(spec.tickSize),
    qtyDp: dp(spec.stepSize),
    base: symbol.replace(/(USDT|USDC|BUSD|USD)$/, '') || symbol,
  }
}

/** Lot, tick and fee facts of `symbol` as the engine resolves them for these settings. */
export function instrumentFacts(symbol: string, settings: EngineSettings): InstrumentFacts {
  const s = resolveSpec(symbol, settings)
  return {
    tickSize: s.tickSize.toFixed(),
    stepSize: s.stepSize.toFixed(),
    minNotional: s.minNotional.toFixed(),
    takerFee: s.takerFee.toFixed(),
    makerFee: s.makerFee.toFixed(),
  }
}

export interface Engine {
  /**
   * Apply one input; returns its events (seq strictly increasing across calls). The list is
   * the caller's to read, not to change: a quiet bar returns one shared frozen empty list.
   */
  apply(input: EngineInput): readonly EngineEvent[]
  /** Read model of the account; all money as decimal strings. */
  view(): AccountView
  /** Plain JSON-serialisable state; restoreEngine(snapshot) continues identically. */
  snapshot(): EngineSnapshot
  /** Deterministic digest (FNV-1a over canonical JSON) of the full state. */
  stateHash(): string
}

const cores = new WeakMap<Engine, EngineCore>()

function wrap(core: EngineCore): Engine {
  const eng: Engine = {
    apply: (input) => core.apply(input),
    view: () => core.view(),
    snapshot: () => core.snapshot(),
    stateHash: () => core.stateHash(),
  }
  cores.set(eng, core)
  return eng
}

/**
 * Create an engine for the scenario's symbols.
 * @param opts.fastPath default true: quiet bars skip all Decimal work (thresholds.ts);
 *   false forces every bar through the full Decimal path (equivalence tests, bench ratio).
 */
export function createEngine(opts: {
  symbols: string[]
  settings: EngineSettings
  fastPath?: boolean
}): Engine {
  return wrap(createCore(opts.symbols, opts.settings, opts.fastPath ?? true))
}

/** Continue from a snapshot, byte-identically to the engine that took it. */
export function restoreEngine(snapshot: EngineSnapshot, opts?: { fastPath?: boolean }): Engine {
  return wrap(restoreCore(snapshot, opts?.fastPath ?? true))
}

/** Diagnostics for benches: bar inputs that took the full Decimal path, and bars of them kept quiet. */
export function engineStats(engine: Engine): { slowBarInputs: number; keptBars: number } {
  const core = cores.get(engine)
  return { slowBarInputs: core?.slowBars ?? 0, keptBars: core?.keptBars ?? 0 }
}

/**
 * §1.11 [S14]: the margin an isolated position could give back now (Binance's "Max
 * removable" in Adjust Margin), the bound `adjustMargin REMOVE` is checked against (-4051).
 * Null when there is no isolated position on that side. Reads only; changes nothing.
 */
export function maxRemovableMargin(
  engine: Engine,
  symbol: string,
  positionSide: PositionSide,
): string | null {
  const core = cores.get(engine)
  if (!core) throw new TypeError('maxRemovableMargin needs an engine made by createEngine')
  const ctx = core.ctx()
  const p = findPosition(ctx, symbol, positionSide)
  if (!p || p.marginType !== 'ISOLATED' || p.qty.isZero()) return null
  return money(maxRemovable(ctx, p))
}

/**
 * The account's margin balance, worst margin ratio and whether anything is still open, equal
 * to what view() prints but without building it (views.ts riskRead): for callers sampling
 * risk on many steps. Reads only; changes nothing.
 */
export function readRisk(engine: Engine): RiskRead {
  const core = cores.get(engine)
  if (!core) throw new TypeError('readRisk needs an engine made by createEngine/restoreEngine')
  return riskRead(core.ctx())
}

/**
 * Preview an order without changing the engine: §1.4 cost (IM + open loss), the fee, and
 * the liquidation price of the resulting position; `rejection` when the engine would reject it.
 */
export function previewOrder(engine: Engine, command: PlaceOrderCommand): OrderCostPreview {
  const core = cores.get(engine)
  if (!core) throw new TypeError('previewOrder needs an engine made by createEngine/restoreEngine')
  return previewOnCore(core, command)
}

/**
 * Issue 13.3: what would have kept the position on (symbol, positionSide) open through
 * `worstMark` (or the worst mark since it opened, from a callback given its open time) (extra margin, isolated leverage, a stop), read on this engine's state, which
 * the caller holds *before* the liquidating bar (rescue.ts). Null when there is no position.
 */
export function liquidationRescue(
  engine: Engine,
  symbol: string,
  positionSide: PositionSide,
  worstMark: string | ((openedAt: number) => string),
): LiquidationRescue | null {
  const core = cores.get(engine)
  if (!core) throw new TypeError('liquidationRescue needs an engine made by createEngine')
  return rescueOf(
    core.ctx(),
    symbol,
    positionSide,
    (at) => new D(typeof worstMark === 'string' ? worstMark : worstMark(at)),
  )
}
