/**
 * The slice of the engine the session host uses, and how it gets one. Production binds
 * this to `electron/engine` (see ./engine-binding.ts); tests can pass another factory.
 * The engine is a pure fold: `apply` returns the events an input caused, `stateHash`
 * digests the whole state, `snapshot` is plain JSON-safe data `restore` accepts.
 */
import type { Bar, SymbolId } from '../../../shared/market'
import type { EngineEvent } from '../../../shared/trading/events'
import type { PositionSide, TradeCommand } from '../../../shared/trading/commands'
import type { EngineSettings } from '../../../shared/trading/settings'
import type { AccountView } from '../../../shared/trading/views'

export type EngineInput =
  | { kind: 'command'; t: number; command: TradeCommand }
  | { kind: 'bars'; t: number; bars: { symbol: SymbolId; last: Bar; mark: Bar }[] }
  | {
      kind: 'funding'
      t: number
      symbol: SymbolId
      rate: string
      markPrice: string
      origin: 'recorded' | 'default'
    }

export interface EnginePort {
  apply(input: EngineInput): EngineEvent[]
  view(): AccountView
  snapshot(): unknown
  stateHash(): string
  /** Margin an isolated position could give back now (null: no isolated position there). */
  maxRemovableMargin(symbol: SymbolId, positionSide: PositionSide): string | null
}

export interface EngineFactory {
  create(symbols: SymbolId[], settings: EngineSettings): EnginePort
  restore(snapshot: unknown): EnginePort
}
