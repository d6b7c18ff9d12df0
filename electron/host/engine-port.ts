/**
 * The host's one door to the engine: what sessions, the coach and the pre-trade handler need
 * from `electron/engine`, as an interface the composition root binds (./engine-binding.ts) and
 * tests can replace. The engine is a pure fold: `apply` returns the events an input caused,
 * `stateHash` digests the whole state, `snapshot` is plain JSON-safe data `restore` accepts.
 * Copies made by `restore` never touch the engine they came from, so the coach and previews
 * work on copies and the live session never changes.
 */
import type { SymbolId } from '../../shared/market'
import type { PlaceOrderCommand, PositionSide } from '../../shared/trading/commands'
import type { EngineEvent } from '../../shared/trading/events'
import type {
  InstrumentFacts,
  LiquidationRescue,
  OrderCostPreview,
  OrderPreview,
  OrderSizingRequest,
} from '../../shared/trading/preview'
import type { EngineSettings } from '../../shared/trading/settings'
import type { AccountView } from '../../shared/trading/views'
import type { EngineInput, RiskRead } from '../engine'

export type { EngineInput, RiskRead }

export interface EnginePort {
  apply(input: EngineInput): readonly EngineEvent[]
  view(): AccountView
  /** Margin balance, worst margin ratio and open exposure as view() prints them, without building it. */
  risk(): RiskRead
  snapshot(): unknown
  stateHash(): string
  /** Margin an isolated position could give back now (null: no isolated position there). */
  maxRemovableMargin(symbol: SymbolId, positionSide: PositionSide): string | null
  /** What would keep that position open through the worst mark since it opened (engine rescue.ts). */
  liquidationRescue(
    symbol: SymbolId,
    positionSide: PositionSide,
    worstMarkSince: (openedAt: number) => string,
  ): LiquidationRescue | null
}

export interface EngineFactory {
  create(symbols: SymbolId[], settings: EngineSettings): EnginePort
  restore(snapshot: unknown): EnginePort
  /** Lot, tick and fee facts, so sizing rounds exactly as the engine validates. */
  instrument(symbol: SymbolId, settings: EngineSettings): InstrumentFacts
  /** Cost preview of one order on an engine made by this factory (which stays unchanged). */
  preview(engine: EnginePort, command: PlaceOrderCommand): OrderCostPreview
  /** The desk ticket's sized preview (`order:preview`) on a copy of a snapshot. */
  previewSized(snapshot: unknown, request: OrderSizingRequest): OrderPreview
}
